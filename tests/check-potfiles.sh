#!/bin/sh
# Every source file with a translatable string must be listed in
# po/POTFILES.in, and every listed file must exist.
set -eu
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')
for file in $(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(|translatable="yes"' src data \
                --include='*.c' --include='*.ui' --include='*.in' | sort); do
  if ! printf '%s\n' "$listed" | grep -qx "$file"; then
    echo "not in po/POTFILES.in: $file"
    status=1
  fi
done
for file in $listed; do
  if [ ! -f "$file" ]; then
    echo "listed in po/POTFILES.in but missing: $file"
    status=1
  fi
done
[ $status = 0 ] && echo "po/POTFILES.in lists every file with translatable strings"
exit $status
