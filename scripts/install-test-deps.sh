#!/usr/bin/env bash
# Installs what the browser quality gates need, on a fresh Debian machine:
# Debian's Chromium (never a downloaded browser), poppler-utils (pdfinfo),
# tesseract with its French data (reads the drawn visuals back),
# a Java runtime for the Nu Html Checker if none is there, and the pinned npm
# packages of tests/browser (package-lock.json). Idempotent: a second run
# installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/fra.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-fra)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installation des paquets Debian : ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# npm packages, reinstalled only when the lockfile changed.
cd tests/browser
stamp="node_modules/.kitpress-lock"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "installation des paquets npm (tests/browser)"
  # No install scripts: none of these packages needs one (vnu-jar ships its jar).
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
