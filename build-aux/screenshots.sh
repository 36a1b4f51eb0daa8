#!/bin/sh
# Regenerates data/screenshots/*.png from the demo shop under a virtual display.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/build-aux/ensure-packages.sh"
command -v import >/dev/null 2>&1 || {
  echo "The screenshots need ImageMagick's import: apt-get install imagemagick" >&2
  exit 1
}
# The release profile: the development one marks its header bars.
build="$top/_build-tests"
[ -f "$build/build.ninja" ] || meson setup "$build" "$top" --werror
ninja -C "$build"
env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY \
  GSETTINGS_SCHEMA_DIR="$build/data" SECRET_BACKEND=file SECRET_FILE_TEST_PASSWORD=screenshots \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1400x900x24" \
  /usr/bin/python3 "$top/build-aux/screenshots.py" "$build/src/bottega" "$top/data/screenshots"
