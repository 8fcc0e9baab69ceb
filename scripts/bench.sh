#!/usr/bin/env bash
# Bench: build a generated 10 000-page site with kitpress and with the bare
# baseline loop (examples/baseline.rs), RUNS times each; report the median
# wall time, the peak memory (max RSS) and the ratio kitpress / baseline.
#
#   scripts/bench.sh [N_PAGES] [RUNS]      (defaults: 10000 5)
#
# BENCH_OUT=DIR writes the outputs there instead of .bench/ (for instance a
# tmpfs such as /dev/shm, to measure the work without the disk's noise).
# BENCH_OFFRES=1 also builds a realistic site of N offers cloned from the
# starter kit (../shared/bench/gen_offers.py, regenerated when the theme is
# newer) and reports its ratio to the N plain pages.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
runs="${2:-5}"
gen="../shared/bench/gen_corpus.py"
work=".bench"
corpus="$work/corpus-$n"
if [ ! -f "$gen" ]; then
  echo "générateur introuvable : $gen (le dossier shared/ doit être à côté du dépôt)" >&2
  exit 2
fi
if [ ! -f "$corpus/content/site.yaml" ]; then
  rm -rf "$corpus"
  python3 "$gen" --flavor plain --n "$n" --out "$corpus" >/dev/null
fi
offers=""
if [ "${BENCH_OFFRES:-}" = 1 ]; then
  offers="$work/offers-$n"
  # The generator copies the theme: a copy older than the theme is redone.
  if [ ! -f "$offers/content/site.yaml" ] || [ -n "$(find themes content -newer "$offers/content/site.yaml" -print -quit)" ]; then
    rm -rf "$offers"
    python3 ../shared/bench/gen_offers.py --src . --n "$n" --out "$offers" >/dev/null
  fi
fi
cargo build --release --quiet --bin kitpress --example baseline
out_dir="${BENCH_OUT:-$work}"
mkdir -p "$out_dir"
python3 - "$corpus" "$runs" "$out_dir" "$offers" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time
corpus, runs, work, offers = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def measure(cmd, out):
    walls, rss = [], []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        os.sync()  # flush the previous run's writes outside the timed part
        pid = os.fork()
        if pid == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1); os.dup2(devnull, 2)
            os.execv(cmd[0], cmd)
        t0 = time.perf_counter()
        _, status, usage = os.wait4(pid, 0)
        walls.append(time.perf_counter() - t0)
        rss.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"échec : {' '.join(cmd)}")
    return statistics.median(walls), max(rss), walls
# Each site builds into a folder of its own, as a real site does: the cache
# beside its output (image variants, QR codes) is its own, filled by its
# first pass (the passes are all listed, the median is of them all).
kp_out, base_out = f"{work}/pages/out-kitpress", f"{work}/pages/out-baseline"
os.makedirs(f"{work}/pages", exist_ok=True)
kp = measure(["target/release/kitpress", "build", "--root", corpus, "--output", kp_out, "--date", "2026-11-24"], kp_out)
base = measure(["target/release/examples/baseline", corpus, base_out], base_out)
pages = sum(1 for _ in os.scandir(os.path.join(corpus, "content", "pages")))
print(f"corpus : {pages} pages, {runs} passes, {os.cpu_count()} cœurs")
print(f"kitpress : médiane {kp[0]:.3f} s, mémoire de pointe {kp[1]:.0f} Mio  (passes : {', '.join(f'{w:.3f}' for w in kp[2])})")
print(f"référence : médiane {base[0]:.3f} s, mémoire de pointe {base[1]:.0f} Mio  (passes : {', '.join(f'{w:.3f}' for w in base[2])})")
print(f"rapport kitpress / référence : {kp[0] / base[0]:.2f}")
if offers:
    of_out = f"{work}/offres/out-offres"
    os.makedirs(f"{work}/offres", exist_ok=True)
    of = measure(["target/release/kitpress", "build", "--root", offers, "--output", of_out, "--date", "2026-11-24"], of_out)
    print(f"site d'offres ({offers}) : médiane {of[0]:.3f} s, mémoire de pointe {of[1]:.0f} Mio  (passes : {', '.join(f'{w:.3f}' for w in of[2])})")
    print(f"rapport offres / pages simples : {of[0] / kp[0]:.2f}")
PY
