#!/bin/sh
# check-appstream.sh: validate a metainfo file and fail on any warning or error
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-appstream.sh APPSTREAMCLI METAINFO
#
# appstreamcli already exits non-zero on warnings; the output is checked as well
# so that a future appstreamcli which only reports them still fails the test.

set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 APPSTREAMCLI METAINFO" >&2
  exit 2
fi

appstreamcli=$1
metainfo=$2

output=$("$appstreamcli" validate --no-net --explain "$metainfo" 2>&1)
status=$?
printf '%s\n' "$output"

if [ $status -ne 0 ]; then
  echo "appstreamcli exited with status $status" >&2
  exit 1
fi

if printf '%s\n' "$output" | grep -Eq '^[[:space:]]*(W|E):'; then
  echo "appstreamcli reported warnings or errors" >&2
  exit 1
fi

exit 0
