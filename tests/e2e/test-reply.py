#!/usr/bin/python3
"""End to end: the real `bottega --demo` under a virtual display, driven
through the accessibility tree. Open a conversation, type a reply, send it,
see it go from queued to sent, and find it exactly once on the sandbox.

Usage: test-reply.py BOTTEGA_BINARY   (prints TAP)"""

import json
import os
import shutil
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import (App, Timeout, do_action, find, find_all,  # noqa: E402
                           screenshot, type_text, wait_for)


def count_on_sandbox(state_path, text):
    """Messages whose content is @text in the demo shop's saved state."""
    with open(state_path, encoding="utf-8") as f:
        state = json.load(f)
    count = 0

    def visit(node):
        nonlocal count
        if isinstance(node, dict):
            if node.get("content") == text and "message_type" in node:
                count += 1
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(state)
    return count


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-")
    reply = f"Certo, la borsa blu arriva domani {int(time.time()) % 100000}"
    print("1..5")
    app = None
    step = 0
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_for("the main window", lambda: find(app.node, role="frame"))

        # 1. The demo shop syncs into the conversation list.
        conversations = wait_for("the conversation list",
                                 lambda: find(window, role="list", name="Conversations"))
        rows = wait_for("conversation rows",
                        lambda: [r for r in find_all(conversations, role="list item")][:3] or None,
                        timeout=60)
        step += 1
        print(f"ok {step} - the demo shop's conversations are listed ({conversations.childCount} rows shown)")

        # 2. Open the first conversation through the list's selection.
        conversations.querySelection().selectChild(0)
        messages = wait_for("the messages", lambda: find(window, role="list", name="Messages"))
        wait_for("messages in the conversation", lambda: messages.childCount > 0)
        composer = wait_for("the reply field", lambda: find(window, role="text", name="Reply"))
        step += 1
        print(f"ok {step} - a conversation opens with its messages")

        # 3. Type the reply with the keyboard.
        # Opening a conversation puts the keyboard in its composer (GTK 4.8
        # has no AT-SPI grabFocus to do it for us).
        wait_for("focus in the reply field",
                 lambda: composer.getState().contains(pyatspi.STATE_FOCUSED), timeout=10)
        type_text(reply)
        wait_for("the typed text", lambda: reply in composer.queryText().getText(0, -1), timeout=15)
        step += 1
        print(f"ok {step} - the reply is typed into the composer")

        # 4. Send it with the Send button; it shows queued, then sent.
        send = wait_for("the Send button", lambda: find(window, role="push button", name="Send"))
        do_action(send)
        bubble_label = wait_for("the reply in the conversation",
                                lambda: find(messages, role="label", name=reply), timeout=15)
        bubble = bubble_label.parent
        first_status = find(bubble, role="image")
        print(f"# the reply's first status: {first_status.name if first_status else None}")
        wait_for("the sent tick on the reply",
                 lambda: find(bubble, role="image", name="Sent"), timeout=30)
        wait_for("the composer to empty", lambda: composer.queryText().getText(0, -1) == "", timeout=10)
        step += 1
        print(f"ok {step} - the reply shows in the conversation and turns sent ({bubble_label.name[:20]}…)")
    except Timeout as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        status = app.quit() if app is not None else None

    if status != 0:
        print(f"not ok 5 - bottega exited with status {status} when asked to quit")
        return 1

    # 5. The sandbox (saved when the app quit) holds it exactly once.
    state = os.path.join(home, "data", "bottega", "demo-shop.json")
    count = count_on_sandbox(state, reply)
    if count != 1:
        print(f"not ok 5 - the sandbox holds the reply {count} times")
        return 1
    print("ok 5 - the sandbox holds the reply exactly once")
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
