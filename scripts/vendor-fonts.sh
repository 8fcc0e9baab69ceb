#!/usr/bin/env bash
# Puts the fonts of the generated visuals in the default theme
# (themes/clicmouv/visuels/polices/): Atkinson Hyperlegible, regular and
# bold, designed by the Braille Institute for legibility, under the SIL Open
# Font License 1.1 — taken from the npm package
# `@expo-google-fonts/atkinson-hyperlegible` at a pinned version and sha512.
# The files are committed and built into kitpress: a visual is drawn with
# these fonts only, never with the machine's, so it has the same pixels on
# every machine. Run it only to change version (then update the two pins).
set -euo pipefail
cd "$(dirname "$0")/.."
package="@expo-google-fonts/atkinson-hyperlegible"
version="0.4.1"
integrity="sha512-Xr1XAguU7oEVHy28WxCBmdjPT2BNwH5lFZF2adHb9Cy6qtNgXwDzeAgvESkoq4mQmYW5RzqJZknqQxrTkEm0Xw=="
dest="themes/clicmouv/visuels/polices"
. scripts/lib/npm-pinned.sh
npm_pinned "$package" "$version" "$integrity"
rm -rf "$dest"
mkdir -p "$dest"
cp "$WORK/package/400Regular/AtkinsonHyperlegible_400Regular.ttf" "$dest/AtkinsonHyperlegible-Regular.ttf"
cp "$WORK/package/700Bold/AtkinsonHyperlegible_700Bold.ttf" "$dest/AtkinsonHyperlegible-Bold.ttf"
cp "$WORK/package/LICENSE_FONT" "$dest/OFL.txt"
cat > "$dest/VERSION" <<TXT
Atkinson Hyperlegible (Braille Institute of America), SIL Open Font License 1.1 (OFL.txt)
npm $package $version
$integrity
TXT
echo "polices copiées dans $dest"
