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
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "pagedjs@$version" --silent >/dev/null)
tarball="$work/pagedjs-$version.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "paged.js $version : empreinte inattendue ($got)" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/dist/paged.polyfill.min.js package/LICENSE.md
mkdir -p "$dest"
cp "$work/package/dist/paged.polyfill.min.js" "$dest/paged.polyfill.min.js"
cp "$work/package/LICENSE.md" "$dest/LICENSE.md"
echo "paged.js $version copié dans $dest"
