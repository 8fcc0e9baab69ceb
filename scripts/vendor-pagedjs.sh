#!/usr/bin/env bash
# Puts paged.js (npm `pagedjs`, MIT) in the theme's static files: the print
# documents paginate with it (running headers, page X / Y, the real page of
# every table of contents entry). Pinned: version and the registry's sha512
# of the package; the file is committed so that a build never fetches
# anything. Run it only to change version (then update the two pins and
# tests/testsuite/print_vendor.rs's hash).
set -euo pipefail
cd "$(dirname "$0")/.."
version="0.4.3"
integrity="sha512-YtAN9JAjsQw1142gxEjEAwXvOF5nYQuDwnQ67RW2HZDkMLI+b4RsBE37lULZa9gAr6kDAOGBOhXI4wGMoY3raw=="
dest="themes/clicmouv/static/vendor/pagedjs"
. scripts/lib/npm-pinned.sh
npm_pinned pagedjs "$version" "$integrity"
mkdir -p "$dest"
cp "$WORK/package/dist/paged.polyfill.min.js" "$dest/paged.polyfill.min.js"
cp "$WORK/package/LICENSE.md" "$dest/LICENSE.md"
echo "paged.js $version copié dans $dest"
