#!/bin/sh
# Builds Bottega and runs the whole test suite under a virtual display and a
# private session bus; then the same suite again in a build with
# AddressSanitizer and UndefinedBehaviorSanitizer (clang), and each fuzz
# target of tests/fuzz for a few seconds. Ends with the line
# "N passed, N failed", counting all three (sanitizer results as "asan/…",
# fuzz targets as "fuzz/…").
#
#   BOTTEGA_TEST_BUILD   the normal build folder (default _build-tests)
#   BOTTEGA_ASAN_BUILD   the sanitizer and fuzzing build (default _build-asan)
#   BOTTEGA_HARDENING=0  only the normal suite
#   BOTTEGA_FUZZ_SECONDS how long each fuzz target runs (default 15)
# Arguments go to the normal suite's `meson test` (a test name, --suite …).
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
work=$(mktemp -d)
trap 'rm -rf "$runtime" "$work"' EXIT
# A session bus of its own (the accessibility bus is activated on it) and
# an X server of its own; nothing from the desktop the tests run on.
in_session () {
  env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$runtime" \
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
}
in_session meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?

logs="$build/meson-logs/testlog.json"
if [ "${BOTTEGA_HARDENING:-1}" = 0 ] || [ $# -gt 0 ]; then
  python3 "$top/build-aux/test-summary.py" "$logs"
  exit $status
fi

# ---- the same suite under AddressSanitizer + UndefinedBehaviorSanitizer ----
#
# One clang build serves both the sanitizers and the fuzzers: everything is
# compiled with -fsanitize=address,undefined and libFuzzer's coverage
# (-Dfuzzing=true), which costs the tests little.
asan="${BOTTEGA_ASAN_BUILD:-$top/_build-asan}"
started=$(date +%s)
if [ ! -f "$asan/build.ninja" ]; then
  CC=clang meson setup "$asan" "$top" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized
fi
asan_status=0
ninja -C "$asan" || asan_status=$?
built=$(date +%s)

# Leaks are checked in the programs that do not load GTK: GTK, fontconfig
# and the accessibility stack keep allocations for the life of a process
# by design. Known one-time allocations of the libraries are suppressed.
cat > "$work/lsan.supp" <<'EOF'
# GLib's type system, quarks and per-thread data live as long as the process.
leak:g_type_register_static
leak:g_type_register_fundamental
leak:g_type_add_interface_static
leak:g_type_class_ref
leak:g_type_interface_add_prerequisite
leak:g_quark_from_static_string
leak:g_quark_from_string
leak:g_private_set_alloc0
leak:g_thread_new
leak:g_thread_pool_new
# GIO's modules and its worker threads (resolver, GTask pool).
leak:g_io_module_load
leak:g_io_modules_scan_all_in_directory_with_scope
leak:_g_io_module_get_default
leak:g_task_run_in_thread
leak:libgnutls.so
leak:libp11-kit.so
leak:libproxy.so
leak:libsecret-1.so
# GObject signal and closure machinery set up once per class.
leak:g_signal_new
leak:g_closure_new_simple
# libsecret's file backend (the tests' keyring) loses a few strings in
# every synchronous call.
leak:secret_password_
EOF
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:report_error_type=1"
# libproxy (C++, loaded by GIO's proxy resolver module) throws exceptions
# that AddressSanitizer cannot intercept in a C program, and aborts: the
# sanitizer runs resolve proxies with GIO's plain resolver instead.
export GIO_USE_PROXY_RESOLVER=dummy
# Debian's libraries have no frame pointers: the fast unwinder stops at
# g_malloc, so a leak of ours could not be told from the libraries' own
# without a full stack, which costs time (about 4 minutes for these suites
# on two cores).
leaks_on="detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=20:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0"
leaks_off="detect_leaks=0:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=0"

# Which tests load GTK (their binary links libgtk-4, or they drive the app).
python3 - "$asan" "$work" <<'EOF'
import json, subprocess, sys
asan, work = sys.argv[1], sys.argv[2]
tests = json.loads(subprocess.check_output(["meson", "introspect", "--tests", asan]))
plain, gtk = [], []
for test in tests:
    program = test["cmd"][0]
    try:
        with open(program, "rb") as binary:
            links_gtk = b"libgtk-4.so" in binary.read()
    except OSError:
        links_gtk = False
    # Python drives the app (e2e); shell scripts check files.
    if program.endswith("python3"):
        links_gtk = True
    # It SIGKILLs bottegactl fifty times; LeakSanitizer's exit-time tracer
    # has crashed in it (a sanitizer fault, not a leak), so it runs with
    # the other address checks but without leak detection.
    if test["name"] == "test-crash-consistency":
        links_gtk = True
    (gtk if links_gtk else plain).append(test["name"])
for name, group in (("plain", plain), ("gtk", gtk)):
    with open(f"{work}/{name}.txt", "w") as out:
        out.write("\n".join(group))
EOF

rm -f "$asan/meson-logs/asan-leaks.json" "$asan/meson-logs/asan-gtk.json"
# GIO's libproxy module throws C++ exceptions on its resolver thread, which
# trip AddressSanitizer's own exception interceptor (a CHECK in the runtime,
# not a finding in Bottega); every connection of the suite is to 127.0.0.1,
# so the sanitizer run resolves no proxies.
export GIO_USE_PROXY_RESOLVER=dummy
if [ $asan_status = 0 ] && [ -s "$work/plain.txt" ]; then
  # The bottegactl processes these tests start are checked by
  # AddressSanitizer but not for leaks: LeakSanitizer's exit-time tracer
  # crashes now and then ("Tracer caught signal 11") in a short-lived GLib
  # program with threads, with clang 14 and 16 alike, and test-cli alone
  # starts dozens. The store, provider and sync code they run is
  # leak-checked in the test programs; the CLI's own option handling is not.
  # shellcheck disable=SC2046
  ASAN_OPTIONS="$leaks_on" LSAN_OPTIONS="suppressions=$work/lsan.supp:print_suppressions=0" \
  BOTTEGA_TEST_CHILD_ASAN_OPTIONS="$leaks_off" \
    in_session meson test -C "$asan" --no-rebuild --print-errorlogs --num-processes 2 \
      --logbase asan-leaks --timeout-multiplier 4 $(cat "$work/plain.txt") || asan_status=$?
fi
if [ $asan_status = 0 ] || [ -f "$asan/meson-logs/asan-leaks.json" ]; then
  if [ -s "$work/gtk.txt" ]; then
    # shellcheck disable=SC2046
    ASAN_OPTIONS="$leaks_off" \
      in_session meson test -C "$asan" --no-rebuild --print-errorlogs --num-processes 2 \
        --logbase asan-gtk --timeout-multiplier 3 $(cat "$work/gtk.txt") || asan_status=$?
  fi
fi
tested=$(date +%s)

# ---- fuzzing, briefly ----
#
# Each target starts from its seed corpus (and writes what it finds to a
# scratch folder, not to the tree); a crash leaves its input in
# $asan/fuzz-artifacts/ and fails the target.
seconds="${BOTTEGA_FUZZ_SECONDS:-15}"
mkdir -p "$asan/fuzz-artifacts"
: > "$work/fuzz.json"
fuzz_one () {
  target=$1
  mkdir -p "$work/corpus-$target"
  # libFuzzer checks for leaks input by input; full stacks would slow it
  # down tenfold.
  if ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1" "$asan/tests/fuzz/fuzz-$target" \
       -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -dict="$top/tests/fuzz/chatwoot.dict" -artifact_prefix="$asan/fuzz-artifacts/$target-" \
       "$work/corpus-$target" "$top/tests/fuzz/corpus/$target" > "$work/fuzz-$target.log" 2>&1; then
    result=OK
  else
    result=FAIL
    tail -n 40 "$work/fuzz-$target.log" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz-$target.log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz-$target.log")
  echo "fuzz/$target: $result, ${runs:-0} inputs in ${seconds} s (${speed:-0}/s)"
  printf '{"name": "fuzz/%s", "result": "%s", "stdout": ""}\n' "$target" "$result" >> "$work/fuzz.json"
}
if [ $asan_status = 0 ] || [ -d "$asan/tests/fuzz" ]; then
  targets=$(cd "$top/tests/fuzz/corpus" && ls)
  # Two at a time: the machine has two cores.
  set -- $targets
  while [ $# -gt 0 ]; do
    fuzz_one "$1" &
    first=$!
    if [ $# -gt 1 ]; then
      fuzz_one "$2" &
      wait $!
      shift
    fi
    wait $first
    shift
  done
fi
fuzzed=$(date +%s)
echo "hardening: sanitizer build $((built - started)) s, sanitizer suite $((tested - built)) s, fuzzing $((fuzzed - tested)) s"

# ---- one count for everything ----
python3 - "$logs" "$asan/meson-logs" "$work/fuzz.json" "$work/all.json" <<'EOF'
import json, os, sys
normal, asan_logs, fuzz, combined = sys.argv[1:5]
with open(combined, "w") as out:
    with open(normal) as log:
        out.write(log.read())
    for base in ("asan-leaks.json", "asan-gtk.json"):
        path = os.path.join(asan_logs, base)
        if not os.path.exists(path):
            # The sanitizer build failed: that is one failure, not none.
            out.write(json.dumps({"name": "asan/" + base[:-5], "result": "FAIL", "stdout": ""}) + "\n")
            continue
        with open(path) as log:
            for line in log:
                if line.strip():
                    entry = json.loads(line)
                    entry["name"] = "asan/" + entry.get("name", "?")
                    out.write(json.dumps(entry) + "\n")
    with open(fuzz) as log:
        out.write(log.read())
EOF
if [ $asan_status != 0 ] && [ $status = 0 ]; then
  status=$asan_status
fi
if grep -q '"result": "FAIL"' "$work/fuzz.json" && [ $status = 0 ]; then
  status=1
fi
python3 "$top/build-aux/test-summary.py" "$work/all.json"
exit $status
