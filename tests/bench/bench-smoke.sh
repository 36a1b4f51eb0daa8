#!/bin/sh
# bench-smoke.sh: `bottegactl bench --smoke` runs and prints every row
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# No timing is asserted: the benchmark measures, tests assert behaviour.
# This checks that the command ends well and that its table has every row,
# with figures where the smoke run measures (ingest and search).

set -u

bottegactl=${BOTTEGACTL:?BOTTEGACTL must name the bottegactl binary}
work=$(mktemp -d)
out="$work/table.txt"
trap 'rm -rf "$work"' EXIT

echo "TAP version 13"
echo "1..13"

n=0
check () {
  n=$((n + 1))
  if grep -q -e "$1" "$out"; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    sed 's/^/# /' "$out"
  fi
}

if "$bottegactl" bench --smoke --work-dir "$work/cache" >"$out" 2>"$work/log"; then
  echo "ok 1 - bottegactl bench --smoke exits 0"
else
  echo "not ok 1 - bottegactl bench --smoke exits 0"
  sed 's/^/# /' "$work/log"
fi
n=1

check '^| ingest 10k (.* conversations, .* customers, .* attachments.*| [0-9]* msg/s; plain SQLite [0-9]* msg/s; ratio [0-9.]* |' "ingest row with both rates"
check '^| start-up, empty store |' "start-up row, empty store"
check '^| start-up, 10k messages |' "start-up row, 10k store"
check '^| open a 20-message conversation' "open row, short conversation"
check '^| open the [0-9]*-message conversation, 10k store |' "open row, long conversation"
check '^| search p50 / p95, 10k store .*| [0-9.]* / [0-9.]* ms |' "search row with p50 and p95"
check '^| resident memory, empty store |' "memory row, empty store"
check '^| resident memory after opening 100 conversations' "memory row, 100 conversations"
check '^| longest main-loop stall' "stall row"
check '^| idle wake-ups' "idle row"
check '^| catalog import, 10k-line feed | 10000 products in' "catalog row, every product imported"
check '^Machine: .*cores' "machine line"
