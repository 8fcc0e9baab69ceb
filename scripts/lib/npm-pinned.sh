# Sourced by the scripts/vendor-*.sh: fetches one npm package at a pinned
# version, checks it against the registry's sha512 (integrity), and unpacks
# it under $WORK/package. Sets WORK (a temporary folder removed on exit).
#
#   npm_pinned NAME VERSION INTEGRITY
npm_pinned() {
  local name="$1" version="$2" integrity="$3" tarball got
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  (cd "$WORK" && npm pack "$name@$version" --silent >/dev/null)
  tarball="$(ls "$WORK"/*.tgz)"
  got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    echo "$name $version : empreinte inattendue ($got)" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$WORK"
}
