#!/bin/sh
# Builds Bottega and runs the whole test suite under a virtual display and a
# private session bus. Ends with the line "N passed, N failed".
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/build-aux/ensure-packages.sh"
build="${BOTTEGA_TEST_BUILD:-$top/_build-tests}"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" --werror
fi
ninja -C "$build"

status=0
# A runtime folder of its own: the accessibility bus's address lives there,
# and two runs must not drive each other's apps.
runtime=$(mktemp -d)
trap 'rm -rf "$runtime"' EXIT
# A session bus of its own (the accessibility bus is activated on it) and
# an X server of its own; nothing from the desktop the tests run on.
env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$runtime" \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?

python3 "$top/build-aux/test-summary.py" "$build/meson-logs/testlog.json"
exit $status
