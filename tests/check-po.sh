#!/bin/sh
# check-po.sh: every translation compiles cleanly (msgfmt --check), and
# po/LINGUAS and the .po files agree.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-po.sh [SOURCE_ROOT]
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top/po" || exit 2
status=0

languages=$(sed -e 's/#.*//' LINGUAS | tr -s ' \t' '\n\n' | sed '/^$/d')
if [ -z "$languages" ]; then
  echo "po/LINGUAS lists no language"
  exit 1
fi

for lang in $languages; do
  if [ ! -f "$lang.po" ]; then
    echo "po/LINGUAS lists $lang but po/$lang.po is missing"
    status=1
    continue
  fi
  # --check: header, format strings (c-format, plural forms) and domain.
  if ! output=$(msgfmt --check --statistics -o /dev/null "$lang.po" 2>&1); then
    printf '%s\n' "$output"
    echo "po/$lang.po does not compile cleanly"
    status=1
  else
    echo "po/$lang.po: $output"
  fi
done

for po in *.po; do
  [ -f "$po" ] || continue
  lang=${po%.po}
  if ! printf '%s\n' "$languages" | grep -qx "$lang"; then
    echo "po/$po is not listed in po/LINGUAS, so it is never installed"
    status=1
  fi
done

exit $status
