#!/usr/bin/python3
"""End to end: an Italian shop. Started with LANGUAGE=it, Bottega speaks
Italian: the welcome page, the conversation list's filters, its count
(a plural) and the reply field carry the Italian labels of po/it.po, and
the English ones are gone. Without an Italian translation this fails.

The expected words are read from po/it.po, so the test follows the
translators' wording instead of repeating it.

Usage: test-locale.py BOTTEGA SOURCE_ROOT LOCALEDIR   (prints TAP)
  LOCALEDIR: the build tree's po/ folder with <lang>/LC_MESSAGES/bottega.mo"""

import ast
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402

from bottega_atspi import (App, Timeout, do_action, find, find_all,  # noqa: E402
                           screenshot, wait_for)

LANGUAGE = "it"
HOME = tempfile.mkdtemp(prefix="bottega-e2e-locale-")


def read_po(path):
    """{(context, msgid): [msgstr, …]} of the translated, non-fuzzy entries."""
    entries = {}
    entry = {}
    fuzzy = False
    field = None

    def flush():
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            strings = [entry[k] for k in sorted(entry) if k.startswith("msgstr")]
            if strings and all(strings):
                entries[(entry.get("msgctxt"), entry["msgid"])] = strings
        entry = {}
        fuzzy = False

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                flush()
                field = None
                continue
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
                continue
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if match:
                field = match.group(1)
                if field == "msgid" and "msgid" in entry:
                    flush()
                entry[field] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and field is not None:
                entry[field] += ast.literal_eval(line)
        flush()
    return entries


def visible(text):
    """A label as it shows: mnemonic underscores dropped."""
    return text.replace("_", "")


class Translations:
    def __init__(self, entries):
        self.entries = entries

    def get(self, msgid, context=None, plural_index=0):
        strings = self.entries.get((context, msgid))
        if strings is None:
            raise AssertionError(f"po/{LANGUAGE}.po has no translation of “{msgid}”"
                                 + (f" ({context})" if context else ""))
        return strings[plural_index]


def main():
    bottega, source_root, localedir = sys.argv[1], sys.argv[2], sys.argv[3]
    print("1..4")
    step = 0

    po = os.path.join(source_root, "po", f"{LANGUAGE}.po")
    if not os.path.isfile(po):
        print(f"not ok 1 - there is no Italian translation: {po} is missing")
        return 1
    with open(os.path.join(source_root, "po", "LINGUAS"), encoding="utf-8") as f:
        if LANGUAGE not in f.read().split():
            print(f"not ok 1 - po/LINGUAS does not list {LANGUAGE}")
            return 1
    mo = os.path.join(localedir, LANGUAGE, "LC_MESSAGES", "bottega.mo")
    if not os.path.isfile(mo):
        print(f"not ok 1 - the Italian translation is not built: {mo} is missing")
        return 1

    home = HOME
    app = None
    try:
        it = Translations(read_po(po))
        welcome = visible(it.get("Welcome to Bottega"))
        demo_label = visible(it.get("Try the Demo Shop"))
        mine = visible(it.get("Mine", "assignee filter"))
        unassigned = visible(it.get("Unassigned", "assignee filter"))
        # Italian has two forms; the demo shop has many conversations.
        count = re.escape(it.get("%u conversation", plural_index=1)).replace("%u", r"\d+")
        reply_field = visible(it.get("Reply", "reply field"))

        # A system whose language is Italian: LANGUAGE picks the
        # translation (C.UTF-8 is always there, unlike it_IT).
        env = {
            "LANGUAGE": LANGUAGE,
            "LANG": "C.UTF-8",
            "BOTTEGA_LOCALEDIR": localedir,
        }
        for name in ("LC_ALL", "LC_MESSAGES"):
            os.environ.pop(name, None)
        app = App(bottega, home, env=env)
        window = wait_for("the main window", lambda: find(app.node, role="frame"))

        title = wait_for(f"the welcome page's “{welcome}”", lambda: find(window, role="label", name=welcome))
        demo = wait_for(f"the “{demo_label}” button",
                        lambda: find(window, role="push button", name_contains=demo_label))
        if find(window, name_contains="Welcome to Bottega") or find(window, name_contains="Try the Demo Shop"):
            raise AssertionError("the welcome page still shows English labels")
        step += 1
        print(f"ok {step} - the welcome page says “{title.name}” and offers “{demo_label}”")

        do_action(demo)
        filter_mine = wait_for(f"the “{mine}” filter",
                               lambda: find(window, role="push button", name=mine), timeout=60)
        filter_unassigned = wait_for(f"the “{unassigned}” filter",
                                     lambda: find(window, role="push button", name=unassigned))
        if find(window, name="Mine") or find(window, name="Unassigned"):
            raise AssertionError("the list filters still show English labels")
        step += 1
        print(f"ok {step} - the list filters read “{filter_mine.name}” and “{filter_unassigned.name}”")

        pattern = re.compile(f"^{count}$")
        counted = wait_for("the conversation count in Italian",
                           lambda: [n for n in find_all(window, role="label")
                                    if pattern.match(n.name or "") and not (n.name or "").startswith("0 ")],
                           timeout=60)
        step += 1
        print(f"ok {step} - the list counts its conversations with the Italian plural: “{counted[0].name}”")

        # The conversation list: the list with the most rows.
        lists = wait_for("the conversation list",
                         lambda: sorted((n for n in find_all(window, role="list")
                                         if len(find_all(n, role="list item")) > 3),
                                        key=lambda n: -len(find_all(n, role="list item"))))
        lists[0].querySelection().selectChild(0)
        field = wait_for(f"the reply field “{reply_field}”",
                         lambda: find(window, role="text", name=reply_field), timeout=30)
        if find(window, role="text", name="Reply"):
            raise AssertionError("the reply field is still called “Reply”")
        step += 1
        print(f"ok {step} - the open conversation's reply field is “{field.name}”")
        return 0
    except (AssertionError, Timeout) as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        if app is not None:
            app.quit()


if __name__ == "__main__":
    status = bottega_atspi.run(main)
    if os.environ.get("BOTTEGA_KEEP_E2E") is None:
        shutil.rmtree(HOME, ignore_errors=True)
    sys.exit(status)
