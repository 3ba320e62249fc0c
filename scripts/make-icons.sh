#!/usr/bin/env bash
# Regenerates the Teams app icons from their SVG sources with ImageMagick:
#   manifest/icons/color.svg   -> manifest/color.png    192x192, full colour
#   manifest/icons/outline.svg -> manifest/outline.png   32x32, white glyph on a transparent background
# The PNGs are kept in the repository, so packaging the app (npm run package) does not need ImageMagick;
# run this only after changing an SVG, then look at the PNGs and commit them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/manifest/icons"
out="$root/manifest"

if command -v magick >/dev/null 2>&1; then
  im=(magick)            # ImageMagick 7
elif command -v convert >/dev/null 2>&1; then
  im=(convert)           # ImageMagick 6
else
  echo "make-icons.sh: ImageMagick is not installed (apt-get install imagemagick)." >&2
  exit 1
fi

# -strip drops the creation/modification time chunks, so regenerating an unchanged SVG gives the same bytes.
# PNG32: forces 8-bit RGBA (colour type 6), which Teams expects for the transparent outline icon.
"${im[@]}" -background none "$src/color.svg" -resize '192x192!' -strip PNG32:"$out/color.png"

# Teams wants the outline icon to be white only, on full transparency: after rendering, set every pixel's
# colour to white and keep the rendered alpha (anti-aliased edges become partly transparent white).
"${im[@]}" -background none "$src/outline.svg" -resize '32x32!' \
  -channel RGB -evaluate set 100% +channel -strip PNG32:"$out/outline.png"

if command -v identify >/dev/null 2>&1; then
  identify "$out/color.png" "$out/outline.png"
fi
