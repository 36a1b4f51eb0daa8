#!/bin/sh
# Builds Bottega and opens it on the built-in demo shop.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/build-aux/ensure-packages.sh"
build="$top/_build"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Dprofile=development
fi
ninja -C "$build"
# meson devenv points GSettings at the schema compiled in the build tree.
exec meson devenv -C "$build" ./src/bottega --demo "$@"
