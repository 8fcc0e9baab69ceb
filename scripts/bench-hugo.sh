#!/usr/bin/env bash
# Bench against Hugo, pair by pair: one kitpress build of N generated plain
# pages, then one Hugo build of the same pages (gen_corpus.py --flavor hugo),
# RUNS rounds after a warm-up; prints each pair and the median ratio
# kitpress / Hugo. Debian's hugo is installed if missing (never a download).
#
#   scripts/bench-hugo.sh [N_PAGES] [RUNS]      (defaults: 10000 5)
#
# BENCH_OUT=DIR writes the outputs there instead of .bench/ (a tmpfs such as
# /dev/shm keeps the disk's noise out).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
runs="${2:-5}"
gen="../shared/bench/gen_corpus.py"
work=".bench"
if ! command -v hugo >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installation du paquet Debian hugo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends hugo >/dev/null
fi
for flavor in plain hugo; do
  corpus="$work/corpus-$flavor-$n"
  if [ ! -d "$corpus/content" ]; then
    rm -rf "$corpus"
    python3 "$gen" --flavor "$flavor" --n "$n" --out "$corpus" >/dev/null
  fi
done
cargo build --release --quiet --bin kitpress
out="${BENCH_OUT:-$work}/hugo-pairs"
rm -rf "$out" && mkdir -p "$out"
now() { date +%s.%N; }
ratios=()
for i in $(seq 0 "$runs"); do
  s=$(now)
  target/release/kitpress build --root "$work/corpus-plain-$n" --output "$out/kitpress/output" --date 2026-11-24 >/dev/null 2>&1
  k=$(echo "$(now) - $s" | bc)
  s=$(now)
  hugo --quiet -s "$work/corpus-hugo-$n" -d "$(realpath "$out")/hugo" >/dev/null 2>&1
  h=$(echo "$(now) - $s" | bc)
  if [ "$i" -gt 0 ]; then
    r=$(echo "scale=3; $k / $h" | bc)
    ratios+=("$r")
    printf 'passe %d : kitpress %.2f s, Hugo %.2f s, rapport %s\n' "$i" "$k" "$h" "$r"
  fi
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "rapport médian kitpress / Hugo : $median"
