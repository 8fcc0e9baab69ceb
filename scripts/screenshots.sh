#!/usr/bin/env bash
# The README's screenshots: builds the embedded site and takes, in Debian's
# Chromium, the home page, the catalogue, an offer, a model offer and a kit
# page at 360 px and 1280 px, and a printed offer sheet, into docs/captures/.
#
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
cargo run --release --quiet -- build --output target/captures-site
node tests/browser/screenshots.mjs --site target/captures-site --out docs/captures
