#!/usr/bin/env bash
# Puts Decap CMS (npm `decap-cms`, MIT) in vendor/decap-cms/: the editing
# screens that `kitpress serve --edition` serves at /admin/ and that a build
# publishes when site.yaml has `edition:`. Pinned: version and the registry's
# sha512 of the package; the files are committed (and built into kitpress) so
# that nothing is ever fetched from a CDN. Run it only to change version
# (then update the two pins and tests/testsuite/edition.rs's hash).
set -euo pipefail
cd "$(dirname "$0")/.."
version="3.16.3"
integrity="sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
dest="vendor/decap-cms"
. scripts/lib/npm-pinned.sh
npm_pinned decap-cms "$version" "$integrity"
rm -rf "$dest"
mkdir -p "$dest"
# The bundle and the chunks it loads on demand (same folder), without the
# second build (cms.js) nor the source maps.
cp "$WORK"/package/dist/decap-cms.js "$WORK"/package/dist/*.decap-cms.js "$WORK"/package/dist/*.wasm "$dest/"
cp "$WORK/package/dist/decap-cms.js.LICENSE.txt" "$dest/"
cat > "$dest/VERSION" <<TXT
decap-cms $version (npm), licence MIT — https://github.com/decaporg/decap-cms
$integrity
TXT
echo "Decap CMS $version copié dans $dest"
