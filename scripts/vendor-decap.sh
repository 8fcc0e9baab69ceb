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
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "decap-cms@$version" --silent >/dev/null)
tarball="$work/decap-cms-$version.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "Decap CMS $version : empreinte inattendue ($got)" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
rm -rf "$dest"
mkdir -p "$dest"
# The bundle and the chunks it loads on demand (same folder), without the
# second build (cms.js) nor the source maps.
cp "$work"/package/dist/decap-cms.js "$work"/package/dist/*.decap-cms.js "$work"/package/dist/*.wasm "$dest/"
cp "$work/package/dist/decap-cms.js.LICENSE.txt" "$dest/"
cat > "$dest/VERSION" <<TXT
decap-cms $version (npm), licence MIT — https://github.com/decaporg/decap-cms
$integrity
TXT
echo "Decap CMS $version copié dans $dest"
