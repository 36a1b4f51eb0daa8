#!/usr/bin/env python3
"""Counts the test cases of a meson test run (every TAP line of every suite)
and prints the closing line "N passed, N failed". A skipped case counts as
failed: nothing in this suite may pass by not running. Above it, each failed
program with its first failing case and the lines after it, so that the end
of a CI log says why."""
import json
import sys

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
            lines = (entry.get("stdout") or "").splitlines()
            first = next((i for i, l in enumerate(lines) if l.startswith("not ok ")), max(len(lines) - 8, 0))
            programs_failed.append((entry.get("name"), lines[first:first + 8]))
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
