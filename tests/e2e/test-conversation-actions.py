#!/usr/bin/python3
"""End to end: the conversation header and its messages on the demo shop,
driven through the accessibility tree. Day separators between days; quote a
message with Reply and send the answer; add a label and see it on the
conversation's row; resolve the conversation and see the header say so and
the row leave the list of open conversations; snooze another one from the
status menu. The sandbox's saved state must hold all of it.

Usage: test-conversation-actions.py BOTTEGA_BINARY   (prints TAP)"""

import json
import os
import re
import shutil
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import (App, Timeout, do_action, find, find_all, press,  # noqa: E402
                           screenshot, type_text, wait_for)

N_TESTS = 9
TICKS = {"Waiting to be sent", "Sent", "Delivered", "Read", "Not sent"}
DAY_PATTERN = re.compile(r"^(Today|Yesterday|(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                         r" \d{1,2} [A-Z][a-z]+( \d{4})?)$")


def header_button(window, prefix):
    """One of the header's menu buttons, by the start of its accessible
    name ("Status: Open"): the innermost, the button that takes a click."""
    found = [node for node in visible(find_all(window, role="push button", name_contains=prefix))
             if (node.name or "").startswith(prefix)]
    return found[-1] if found else None


TITLE_PATTERN = re.compile(r"^#(\d+) · ")


def header_title(window):
    """(display id, customer name) from the conversation's title."""
    for node in find_all(window, role="label", name_contains="#"):
        match = TITLE_PATTERN.match(name_of(node))
        if match:
            siblings = [name_of(n) for n in find_all(node.parent, role="label")]
            customer = siblings[0] if siblings and siblings[0] != name_of(node) else ""
            return int(match.group(1)), customer
    return None


def visible(nodes):
    """GTK 4.8 reports "visible" but never "showing"."""
    return [n for n in nodes if n.getState().contains(pyatspi.STATE_VISIBLE)]


def focused(node):
    try:
        return node.getState().contains(pyatspi.STATE_FOCUSED)
    except Exception:
        return False


def activate_with_keyboard(target, key, then):
    """Moves the keyboard focus with @key until @target has it, then
    presses @then (GTK 4.8 offers no AT-SPI action on check buttons and
    menu items, and no grabFocus)."""
    for _ in range(20):
        if focused(target):
            press(then)
            return
        press(key)
        time.sleep(0.2)
    raise Timeout(f"the keyboard never reached {name_of(target)}")


def name_of(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def selected_row(conversations):
    selection = conversations.querySelection()
    if selection.nSelectedChildren == 0:
        return None
    return selection.getSelectedChild(0)


def row_names(conversations):
    names = []
    for row in find_all(conversations, role="list item"):
        labels = [name_of(label) for label in find_all(row, role="label")]
        names.append(" | ".join(labels))
    return names


def load_state(home):
    with open(os.path.join(home, "data", "bottega", "demo-shop.json"), encoding="utf-8") as f:
        return json.load(f)


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-")
    stamp = int(time.time()) % 100000
    reply = f"Certo, la confezione regalo costa nulla {stamp}"
    print(f"1..{N_TESTS}")
    app = None
    step = 0
    facts = {}
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list",
                                 lambda: find(window, role="list", name="Conversations"))
        wait_for("conversation rows", lambda: conversations.childCount > 0, timeout=60)

        # 1. Open the newest open conversation: its header says so.
        conversations.querySelection().selectChild(0)
        messages = wait_for("the messages", lambda: find(window, role="list", name="Messages"))
        wait_for("messages in the conversation", lambda: messages.childCount > 0)
        status = wait_for("the status menu", lambda: header_button(window, "Status: "))
        if name_of(status) != "Status: Open":
            raise Timeout(f"the first conversation of the list is not open: {name_of(status)}")
        facts["display_id"], facts["customer"] = wait_for("the conversation's title",
                                                          lambda: header_title(window))
        step += 1
        print(f"ok {step} - conversation #{facts['display_id']} opens, its header says it is open")

        # 2. Day separators: the first message of each day says which day.
        days = wait_for("day separators",
                        lambda: [n for n in find_all(messages, role="label")
                                 if DAY_PATTERN.match(name_of(n))])
        step += 1
        print(f"ok {step} - day separators are shown ({', '.join(name_of(d) for d in days[:3])})")

        # 3. Quote the customer's newest message with Reply, and send.
        replies = wait_for("Reply buttons on the messages",
                           lambda: find_all(messages, role="push button", name="Reply"))
        quoted_row = None
        for button in reversed(replies):
            row = button.parent
            texts = [name_of(n) for n in find_all(row, role="label") if name_of(n)]
            # An incoming bubble: no delivery tick.
            if texts and not any(name_of(n) in TICKS for n in find_all(row, role="image")):
                quoted_row = row
                facts["quoted_text"] = texts[0]
                do_action(button)
                break
        if quoted_row is None:
            raise Timeout("no incoming message to quote")
        composer = wait_for("the reply field", lambda: find(window, role="text", name="Reply"))
        wait_for("focus in the reply field",
                 lambda: composer.getState().contains(pyatspi.STATE_FOCUSED), timeout=10)
        type_text(reply)
        wait_for("the typed text", lambda: reply in composer.queryText().getText(0, -1), timeout=15)
        send = wait_for("the Send button", lambda: find(window, role="push button", name="Send"))
        do_action(send)
        bubble_label = wait_for("the reply in the conversation",
                                lambda: find(messages, role="label", name=reply), timeout=15)
        quote = wait_for("the quote in the reply's bubble",
                         lambda: find(bubble_label.parent, role="push button", name_contains="In reply to"),
                         timeout=15)
        wait_for("the reply sent", lambda: find(bubble_label.parent, role="image", name="Sent")
                 or find(bubble_label.parent, role="image", name="Delivered")
                 or find(bubble_label.parent, role="image", name="Read"), timeout=30)
        step += 1
        print(f"ok {step} - a quoted reply is sent and shows its quote ({name_of(quote)[:40]}…)")

        # 4. Activating the quote jumps to the quoted message: the keyboard
        # focus lands on it.
        do_action(quote)

        def focused_quoted():
            for item in find_all(messages, role="list item"):
                if focused(item) and any(name_of(n) == facts["quoted_text"]
                                         for n in find_all(item, role="label")):
                    return item
            return None

        wait_for("the focus on the quoted message", focused_quoted, timeout=15)
        step += 1
        print(f"ok {step} - the quote jumps to the quoted message")

        # 5. Add a label from the header's labels menu; the row shows it.
        labels = header_button(window, "Labels: ")
        do_action(labels)
        boxes = wait_for("the labels menu", lambda: visible(find_all(app.node, role="check box")))
        unchecked = [b for b in boxes if not b.getState().contains(pyatspi.STATE_CHECKED)]
        if not unchecked:
            # Every label is on it already: take one off first.
            facts["label"] = name_of(boxes[-1])
            activate_with_keyboard(boxes[-1], "Tab", "space")
            wait_for("the label to leave the header",
                     lambda: facts["label"] not in name_of(header_button(window, "Labels: ")), timeout=20)
            unchecked = [boxes[-1]]
        facts["label"] = name_of(unchecked[0])
        activate_with_keyboard(unchecked[0], "Tab", "space")
        wait_for("the label in the header",
                 lambda: facts["label"] in name_of(header_button(window, "Labels: ")), timeout=20)
        wait_for("the label on the conversation's row",
                 lambda: (row := selected_row(conversations)) is not None and
                 any(facts["label"] in name_of(n) for n in find_all(row)), timeout=20)
        # Close the menu again.
        press("Escape")
        step += 1
        print(f"ok {step} - the label “{facts['label']}” is added and shows on the row")

        # 6. Resolve with the header's button: the header says resolved, and
        # the conversation leaves the list of open conversations.
        before = [name for name in row_names(conversations) if facts["customer"] in name]
        resolve = wait_for("the Resolve button",
                           lambda: find(window, role="push button", name_contains="Resolve"))
        do_action(resolve)
        wait_for("the header to say resolved",
                 lambda: name_of(header_button(window, "Status: ")) == "Status: Resolved", timeout=20)
        wait_for("the Reopen button",
                 lambda: find(window, role="push button", name_contains="Reopen"), timeout=10)
        wait_for("the conversation to leave the open list",
                 lambda: len([name for name in row_names(conversations) if facts["customer"] in name])
                 < len(before), timeout=20)
        step += 1
        print(f"ok {step} - resolving shows in the header and the conversation leaves the open list")

        # 7. Snooze another conversation from the status menu.
        conversations.querySelection().selectChild(0)
        wait_for("another conversation",
                 lambda: (t := header_title(window)) is not None and t[0] != facts["display_id"], timeout=20)
        facts["snoozed_id"] = header_title(window)[0]
        status = wait_for("the status menu", lambda: header_button(window, "Status: "))
        do_action(status)
        item = wait_for("the snooze item",
                        lambda: find(app.node, role="menu item", name_contains="Tomorrow"))
        activate_with_keyboard(item, "Down", "Return")
        wait_for("the header to say snoozed",
                 lambda: name_of(header_button(window, "Status: ")).startswith("Status: Snoozed until"),
                 timeout=20)
        step += 1
        print(f"ok {step} - conversation #{facts['snoozed_id']} is snoozed "
              f"({name_of(header_button(window, 'Status: '))})")
        screenshot(os.path.join(home, "snoozed.png"))
    except Timeout as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        print(f"# left in {home}")
        return 1
    finally:
        status_code = app.quit() if app is not None else None

    if status_code != 0:
        print(f"not ok {step + 1} - bottega exited with status {status_code} when asked to quit")
        return 1

    # 8. The server holds the quoted reply with content_attributes.in_reply_to.
    state = load_state(home)
    by_id = {c["display_id"]: c for c in state["conversations"]}
    resolved = by_id[facts["display_id"]]
    sent = [m for m in resolved["messages"] if m.get("content") == reply]
    if len(sent) != 1:
        print(f"not ok 8 - the sandbox holds the reply {len(sent)} times")
        return 1
    in_reply_to = (sent[0].get("content_attributes") or {}).get("in_reply_to")
    quoted = [m for m in resolved["messages"] if m.get("id") == in_reply_to]
    if not quoted or quoted[0].get("message_type") != 0:
        print(f"not ok 8 - the reply's in_reply_to ({in_reply_to}) is not an incoming message of the conversation")
        return 1
    print(f"ok 8 - the server holds the reply once, quoting message {in_reply_to}")

    # 9. …and the status changes and the label.
    snoozed = by_id[facts["snoozed_id"]]
    problems = []
    if resolved["status"] != "resolved":
        problems.append(f"#{facts['display_id']} is {resolved['status']}")
    if facts["label"] not in resolved["labels"]:
        problems.append(f"#{facts['display_id']} lacks the label {facts['label']}")
    if snoozed["status"] != "snoozed" or snoozed["snoozed_until"] <= time.time():
        problems.append(f"#{facts['snoozed_id']} is {snoozed['status']} until {snoozed['snoozed_until']}")
    warnings = app.warnings()
    if warnings:
        problems.append(f"the app warned: {warnings[0]}")
    if problems:
        print(f"not ok 9 - {'; '.join(problems)}")
        return 1
    print("ok 9 - the server holds the resolved, labelled and snoozed conversations; no GTK warnings")
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
