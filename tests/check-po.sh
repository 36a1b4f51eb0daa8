#!/bin/sh
# check-po.sh: every translation compiles cleanly (msgfmt --check), po/LINGUAS
# and the .po files agree, and no translation is stale: the strings the
# sources have now (a fresh template extracted from po/POTFILES.in into a
# temporary directory) merged into a copy of each po/<lang>.po leave no
# message untranslated or fuzzy. The source tree is never written to.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-po.sh [SOURCE_ROOT]
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top/po" || exit 2
status=0

# All of them come with Debian's gettext package.
for tool in msgfmt xgettext msgmerge msgattrib msgexec; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is missing: install the gettext package"
    exit 1
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-po.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

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

# The template as `ninja bottega-pot` makes it: the arguments meson's
# i18n.gettext passes to xgettext with preset: 'glib' (po/meson.build).
# Keep the two in step.
if ! xgettext --package-name=bottega -p "$tmp" -f "$top/po/POTFILES.in" -D "$top" -k_ \
       -o bottega.pot \
       --from-code=UTF-8 --add-comments \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
       --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
       --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
       --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
       --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
       --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
       2>"$tmp/xgettext.log"; then
  cat "$tmp/xgettext.log"
  echo "xgettext cannot extract the strings of the files in po/POTFILES.in"
  exit 1
fi
cat "$tmp/xgettext.log"

# Prints "msgid" (or "[context] msgid"), one a line, for each message of a
# po file but its header.
list_msgids () {
  msgexec -i "$1" sh -c '
    [ -n "$MSGEXEC_MSGID" ] || exit 0
    if [ -n "${MSGEXEC_MSGCTXT+set}" ]; then
      printf "[%s] " "$MSGEXEC_MSGCTXT"
    fi
    printf "%s\n" "$MSGEXEC_MSGID" | tr "\n" " " | sed -e "s/ \$//"
    echo'
}

shown=5
for lang in $languages; do
  [ -f "$lang.po" ] || continue
  merged="$tmp/$lang.po"
  if ! msgmerge --quiet --no-fuzzy-matching -o "$merged" "$lang.po" "$tmp/bottega.pot" 2>"$tmp/msgmerge.log"; then
    cat "$tmp/msgmerge.log"
    echo "po/$lang.po cannot be merged with the strings of the sources"
    status=1
    continue
  fi
  msgattrib --no-obsolete --untranslated --force-po -o "$tmp/$lang.untranslated.po" "$merged" &&
    msgattrib --no-obsolete --only-fuzzy --force-po -o "$tmp/$lang.fuzzy.po" "$merged" &&
    list_msgids "$tmp/$lang.untranslated.po" >"$tmp/$lang.untranslated" &&
    list_msgids "$tmp/$lang.fuzzy.po" >"$tmp/$lang.fuzzy" || {
      echo "cannot list the messages po/$lang.po is missing"
      status=1
      continue
    }
  n_untranslated=$(wc -l <"$tmp/$lang.untranslated" | tr -d ' ')
  n_fuzzy=$(wc -l <"$tmp/$lang.fuzzy" | tr -d ' ')
  if [ "$n_untranslated" -eq 0 ] && [ "$n_fuzzy" -eq 0 ]; then
    echo "po/$lang.po: up to date with the sources: $(msgfmt --statistics -o /dev/null "$merged" 2>&1)"
    continue
  fi

  echo "po/$lang.po is stale: against the strings of the sources, $n_untranslated untranslated and $n_fuzzy fuzzy"
  for kind in untranslated fuzzy; do
    [ -s "$tmp/$lang.$kind" ] || continue
    head -n "$shown" "$tmp/$lang.$kind" | sed -e "s/^/  $kind: /"
    n=$(wc -l <"$tmp/$lang.$kind" | tr -d ' ')
    [ "$n" -gt "$shown" ] && echo "  … and $((n - shown)) more $kind"
  done
  status=1
done

if [ $status -ne 0 ]; then
  echo "To bring the translations up to date: ninja -C BUILDDIR bottega-pot bottega-update-po,"
  echo "then translate every untranslated or fuzzy message of po/*.po (and delete po/bottega.pot)."
fi

exit $status
