#!/usr/bin/env bash
# Bench: `kitpress audit` against `kitpress check` on a realistic site of
# N offers cloned from the starter kit (../shared/bench/gen_offers.py),
# RUNS times each; report the median wall time of each and their ratio.
# The audit must stay under the check.
#
#   scripts/bench-audit.sh [N_OFFERS] [RUNS]      (defaults: 10000 5)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
runs="${2:-5}"
gen="../shared/bench/gen_offers.py"
corpus=".bench/offers-$n"
if [ ! -f "$gen" ]; then
  echo "générateur introuvable : $gen (le dossier shared/ doit être à côté du dépôt)" >&2
  exit 2
fi
if [ ! -f "$corpus/content/site.yaml" ]; then
  rm -rf "$corpus"
  python3 "$gen" --src . --n "$n" --out "$corpus" >/dev/null
fi
cargo build --release --quiet --bin kitpress
python3 - "$corpus" "$runs" <<'PY'
import statistics, subprocess, sys, time
corpus, runs = sys.argv[1], int(sys.argv[2])
def median(cmd):
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t)
    return statistics.median(walls), walls
base = ["target/release/kitpress"]
check, cw = median(base + ["check", "--root", corpus, "--date", "2026-12-01"])
audit, aw = median(base + ["audit", "--root", corpus, "--date", "2026-12-01", "--format", "json"])
print(f"check : médiane {check:.3f} s ({', '.join(f'{w:.3f}' for w in cw)})")
print(f"audit : médiane {audit:.3f} s ({', '.join(f'{w:.3f}' for w in aw)})")
print(f"audit / check : {audit / check:.2f}")
PY
