#!/usr/bin/env bash
# Bench of the image pipeline on the embedded site: the build with a cold
# image cache (removed before each run), with a warm one (kept), and the
# same site without its photos (visuals removed), RUNS times each; prints
# the medians and the ratio warm / without images.
#
#   scripts/bench-images.sh [RUNS]      (default: 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work=".bench/images"
rm -rf "$work"
mkdir -p "$work/photos" "$work/sans-photos"
cp -r content "$work/photos/"
cp -r content "$work/sans-photos/"
# The same site without its raster visuals.
grep -rl '^visuel: .*\.jpg' "$work/sans-photos/content" | xargs sed -i '/^visuel: .*\.jpg/d'
cargo build --release --quiet --bin kitpress
python3 - "$runs" "$work" <<'PY'
import os, shutil, statistics, subprocess, sys, time
runs, work = int(sys.argv[1]), sys.argv[2]
bin = os.path.abspath("target/release/kitpress")
def build(root, cold):
    shutil.rmtree(os.path.join(root, "output"), ignore_errors=True)
    if cold:
        shutil.rmtree(os.path.join(root, ".kitpress-cache"), ignore_errors=True)
    os.sync()
    t = time.perf_counter()
    out = subprocess.run([bin, "build", "--root", root, "--date", "2026-12-01"],
                         capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        sys.exit(out.stderr)
    line = next((l for l in out.stderr.splitlines() if l.startswith("Images")), "Images : aucune")
    return wall, line
def median(root, cold):
    build(root, False)  # warm the disk cache and, for the warm case, the image cache
    walls, line = [], ""
    for _ in range(runs):
        w, line = build(root, cold)
        walls.append(w)
    return statistics.median(walls), line
photos = os.path.join(work, "photos")
none = os.path.join(work, "sans-photos")
cold, cold_line = median(photos, True)
warm, warm_line = median(photos, False)
base, _ = median(none, False)
print(f"cache froid  : {cold:.3f} s (médiane de {runs}) — {cold_line}")
print(f"cache chaud  : {warm:.3f} s (médiane de {runs}) — {warm_line}")
print(f"sans photos  : {base:.3f} s (médiane de {runs})")
print(f"rapport chaud / sans photos : {warm / base:.2f}")
PY
