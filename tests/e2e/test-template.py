#!/usr/bin/python3
"""End to end: a WhatsApp conversation outside the 24-hour window. The
composer offers no free text but the inbox's approved templates, with a
field for each parameter; the template is sent with its template_params and
the shop's server holds it once, not failed.

Usage: test-template.py BOTTEGA   (prints TAP)"""

import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import (App, Timeout, click, do_action, find, find_all,  # noqa: E402
                           screenshot, type_text, wait_for)


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-template-")
    print("1..4")
    app = None
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list", lambda: find(window, role="list", name="Conversations"))
        # #31 is open: the list's default filter (open) shows it.
        wait_for("Chiara Ferri's row", lambda: find(conversations, name_contains="Chiara Ferri"), timeout=60)
        # #31, Chiara Ferri: the demo shop's open conversation outside the window.
        index = next(i for i in range(conversations.childCount)
                     if find(conversations.getChildAtIndex(i), name_contains="Chiara Ferri"))
        conversations.querySelection().selectChild(index)
        wait_for("#31 open", lambda: find(window, role="label", name_contains="#31"))
        notice = wait_for("the 24-hour notice", lambda: find(window, role="label", name_contains="24 hours"))
        template = wait_for("the template chooser", lambda: find(window, name="Template"))
        print(f"ok 1 - free text is replaced by approved templates: {notice.name[:50]}…")

        fields = wait_for("parameter fields", lambda: find_all(window, name_contains="Parameter "))
        fields = [f for f in fields if f.getRoleName() in ("text", "entry")]
        values = ["Chiara", "4821"]
        for field, value in zip(fields, values):
            click(field)
            type_text(value)
        print(f"ok 2 - {len(fields)} parameter fields filled")

        send = wait_for("Send Template", lambda: find(window, role="push button", name="Send Template"))
        preview = wait_for("the preview with the values",
                           lambda: [n for n in find_all(window, role="label")
                                    if "4821" in (n.name or "") and "Chiara" in (n.name or "")])
        rendered = preview[0].name
        do_action(send)
        messages = find(window, role="list", name="Messages")
        bubble = wait_for("the template in the conversation",
                          lambda: find(messages, role="label", name=rendered), timeout=20).parent
        wait_for("the template sent", lambda: find(bubble, role="image", name="Sent"), timeout=30)
        print("ok 3 - the template shows in the conversation and turns sent")
    except Timeout as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        status = app.quit() if app is not None else None

    with open(os.path.join(home, "data", "bottega", "demo-shop.json"), encoding="utf-8") as f:
        shop = json.load(f)
    found = []

    def visit(node):
        if isinstance(node, dict):
            if node.get("content") == rendered and "message_type" in node:
                found.append(node)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(shop)
    params = [json.dumps(m) for m in found]
    if status != 0 or len(found) != 1 or "ordine_pronto" not in params[0] or '"failed"' in params[0]:
        print(f"not ok 4 - the server holds {len(found)} copies (exit {status}): {params[:1]}")
        return 1
    print("ok 4 - the server holds it once, with its template_params, not failed")
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
