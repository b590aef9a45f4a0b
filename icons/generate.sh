#!/usr/bin/env bash
# Regenerates the app icons (a white check mark in a rounded blue-teal square)
# with ImageMagick. The PNGs are committed; run this only to change the mark.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
convert -size 1024x1024 gradient:'#2377a8'-'#12917c' -distort SRT 45 "$tmp/grad.png"
convert -size 1024x1024 xc:none -fill white -draw "roundrectangle 64,64 959,959 200,200" "$tmp/mask.png"
convert "$tmp/grad.png" "$tmp/mask.png" -alpha off -compose CopyOpacity -composite "$tmp/base.png"
convert "$tmp/base.png" -fill none \
  -stroke 'rgba(255,255,255,0.35)' -strokewidth 40 -draw "roundrectangle 232,232 791,791 96,96" \
  -stroke white -strokewidth 92 -draw "stroke-linecap round stroke-linejoin round polyline 330,530 460,660 720,370" \
  "$tmp/full.png"
convert "$tmp/full.png" -resize 512x512 PNG32:icon.png
convert icon.png -resize 32x32 PNG32:32x32.png
convert icon.png -resize 128x128 PNG32:128x128.png
convert icon.png -resize 256x256 PNG32:128x128@2x.png
