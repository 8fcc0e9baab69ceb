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
# newer) and reports its ratio to the N plain pages. The sites take turns,
# one pass each per round, so that a slow spell of a shared machine falls on
# all of them; the ratio is also given round by round.
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
def once(cmd, out):
    shutil.rmtree(out, ignore_errors=True)
    os.sync()  # flush the previous run's writes outside the timed part
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1); os.dup2(devnull, 2)
        os.execv(cmd[0], cmd)
    t0 = time.perf_counter()
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"échec : {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024
def measure(*jobs):
    """Passes of each (cmd, out) in turn, RUNS rounds: a slow spell of the
    machine falls on every site alike, not on one of them."""
    walls = [[] for _ in jobs]; rss = [[] for _ in jobs]
    for _ in range(runs):
        for i, (cmd, out) in enumerate(jobs):
            w, r = once(cmd, out)
            walls[i].append(w); rss[i].append(r)
    return [(statistics.median(w), max(r), w) for w, r in zip(walls, rss)]
# Each site builds into a folder of its own, as a real site does: the cache
# beside its output (image variants, QR codes) is its own, filled by its
# first pass (the passes are all listed, the median is of them all).
kp_out, base_out = f"{work}/pages/out-kitpress", f"{work}/pages/out-baseline"
os.makedirs(f"{work}/pages", exist_ok=True)
kp_cmd = (["target/release/kitpress", "build", "--root", corpus, "--output", kp_out, "--date", "2026-11-24"], kp_out)
base_cmd = (["target/release/examples/baseline", corpus, base_out], base_out)
jobs = [kp_cmd, base_cmd]
if offers:
    of_out = f"{work}/offres/out-offres"
    os.makedirs(f"{work}/offres", exist_ok=True)
    jobs.append((["target/release/kitpress", "build", "--root", offers, "--output", of_out, "--date", "2026-11-24"], of_out))
results = measure(*jobs)
kp, base = results[0], results[1]
pages = sum(1 for _ in os.scandir(os.path.join(corpus, "content", "pages")))
print(f"corpus : {pages} pages, {runs} passes, {os.cpu_count()} cœurs")
print(f"kitpress : médiane {kp[0]:.3f} s, mémoire de pointe {kp[1]:.0f} Mio  (passes : {', '.join(f'{w:.3f}' for w in kp[2])})")
print(f"référence : médiane {base[0]:.3f} s, mémoire de pointe {base[1]:.0f} Mio  (passes : {', '.join(f'{w:.3f}' for w in base[2])})")
print(f"rapport kitpress / référence : {kp[0] / base[0]:.2f}")
if offers:
    of = results[2]
    print(f"site d'offres ({offers}) : médiane {of[0]:.3f} s, mémoire de pointe {of[1]:.0f} Mio  (passes : {', '.join(f'{w:.3f}' for w in of[2])})")
    print(f"rapport offres / pages simples : {of[0] / kp[0]:.2f}")
    # Each round's offers against the same round's pages, built one after the other.
    ratios = [o / p for o, p in zip(of[2], kp[2])]
    print(f"rapport par passe : médiane {statistics.median(ratios):.2f}  (passes : {', '.join(f'{r:.2f}' for r in ratios)})")
PY
