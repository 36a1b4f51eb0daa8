#!/usr/bin/env python3
"""Counts the test cases of a meson test run (every TAP line of every suite)
and prints the closing line "N passed, N failed". A skipped case counts as
failed: nothing in this suite may pass by not running. Above it, each failed
program with its first failing case and the lines after it, so that the end
of a CI log says why."""
import json
import sys

def quiet(line):
    """GLib's debug chatter says nothing about a failure."""
    return "-DEBUG: " not in line


def why_failed(entry):
    """The first failing case and the lines after it; for a program that
    died without one (a crash, a fatal warning, a timeout), the last case it
    reached and the end of what it wrote to stderr."""
    lines = [l for l in (entry.get("stdout") or "").splitlines() if quiet(l)]
    first = next((i for i, l in enumerate(lines) if l.startswith("not ok ")), None)
    if first is not None:
        return lines[first:first + 8]
    reached = [l for l in lines if l.startswith(("ok ", "# Start of"))][-2:]
    stderr = [l for l in (entry.get("stderr") or "").splitlines() if l.strip() and quiet(l)]
    return reached + stderr[-8:]


passed = failed = 0
programs_failed = []
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        line = line.strip()
        if not line:
            continue
        entry = json.loads(line)
        result = entry.get("result")
        ok_cases = bad_cases = 0
        for out_line in (entry.get("stdout") or "").splitlines():
            if out_line.startswith("ok ") and "# SKIP" not in out_line:
                ok_cases += 1
            elif out_line.startswith("not ok ") or "# SKIP" in out_line:
                bad_cases += 1
        if result != "OK":
            programs_failed.append((f"{entry.get('name')} ({result})", why_failed(entry)))
            bad_cases = max(bad_cases, 1)
        if ok_cases == 0 and bad_cases == 0:
            ok_cases = 1  # a test program that is not TAP
        passed += ok_cases
        failed += bad_cases

for name, why in programs_failed:
    print(f"failed: {name}")
    for why_line in why:
        print(f"    {why_line[:300]}")
print(f"{passed} passed, {failed} failed")
