#!/usr/bin/python3
"""End to end: the conversation list of `bottega --demo`, driven through the
accessibility tree. Filter by status (a resolved customer shows, an open
one does not), search a word without its accent and open the result, mark
a conversation unread and read from its row's menu, and move to the next
conversation with Alt+Down.

Usage: test-list.py BOTTEGA_BINARY   (prints TAP)"""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import (App, Timeout, click, pointer, find, find_all, press,  # noqa: E402
                           screenshot, type_text, wait_for)


def name_of(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def visible(node):
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def is_row_of(name, customer):
    """A row's accessible name starts with its customer."""
    return name.startswith(customer + ",") or name.startswith(customer + ":")


def has_row(conversations, customer):
    return any(is_row_of(name_of(node), customer) for node in find_all(conversations))


def row_of(conversations, customer):
    """The list item showing @customer's conversation."""
    for i in range(conversations.childCount):
        item = conversations.getChildAtIndex(i)
        if any(is_row_of(name_of(n), customer) for n in find_all(item)):
            return i, item
    return None


def row_name(item):
    names = [name_of(n) for n in find_all(item) if name_of(n)]
    return max(names, key=len) if names else ""


def header_title(window, lists):
    """The customer's name in the conversation's header: a label outside
    the lists whose text is a row's customer."""
    inside = set()
    for node in lists:
        for child in find_all(node):
            inside.add(hash(child))
    return [name_of(n) for n in find_all(window, role="label") if hash(n) not in inside and visible(n)]


def focused(node):
    try:
        return node.getState().contains(pyatspi.STATE_FOCUSED)
    except Exception:
        return False


def activate_with_keyboard(target, key, then):
    """Moves the keyboard focus with @key until @target has it, then
    presses @then: popups are other surfaces, where GTK 4.8 reports no
    usable screen position, and menu items offer no AT-SPI action."""
    for _ in range(20):
        if focused(target) or any(focused(n) for n in find_all(target)):
            press(then)
            return
        press(key)
        time.sleep(0.2)
    raise Timeout(f"the keyboard never reached {name_of(target)}")


def list_item_of(node):
    while node is not None:
        try:
            if node.getRoleName() == "list item":
                return node
            node = node.parent
        except Exception:
            return None
    return None


def choose_status(app, window, text):
    """Picks @text in the status drop-down, with the keyboard."""
    status = wait_for("the status filter", lambda: find(window, name="Status", role="combo box")
                      or find(window, name="Status", role="push button"))
    click(status)
    items = wait_for(f"the {text} choice",
                     lambda: [item for item in (list_item_of(n) for n in find_all(app.node, role="label", name=text)
                                                if visible(n))
                              if item is not None])
    press("Home")
    time.sleep(0.2)
    activate_with_keyboard(items[-1], "Down", "Return")


def jump_dialog(app):
    """The Jump to Conversation window (a modal one: a "dialog" to AT-SPI)."""
    for i in range(app.node.childCount):
        try:
            top = app.node.getChildAtIndex(i)
            if top is not None and name_of(top) == "Jump to Conversation":
                return top
        except Exception:
            continue
    return None


def menu_item(app, text):
    items = [n for n in find_all(app.node, role="menu item") if name_of(n).replace("_", "") == text]
    return items[-1] if items else None


def db_rows(home, sql, *args):
    path = os.path.join(home, "data", "bottega", "bottega.db")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-list-")
    print("1..7")
    app = None
    step = 0
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list", lambda: find(window, role="list", name="Conversations"))
        wait_for("rows", lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)

        # Who is who in the demo shop, from the store the app wrote: a
        # customer with only resolved conversations and one with only open
        # ones, each the newest of their kind.
        resolved, = db_rows(home, """
            SELECT cu.name FROM conversations c JOIN customers cu ON cu.id = c.customer_id
            WHERE c.status = 'resolved' AND cu.name NOT IN
              (SELECT cu2.name FROM conversations c2 JOIN customers cu2 ON cu2.id = c2.customer_id
               WHERE c2.status != 'resolved')
            ORDER BY c.last_activity_at DESC LIMIT 1""")[0]
        opened, = db_rows(home, """
            SELECT cu.name FROM conversations c JOIN customers cu ON cu.id = c.customer_id
            WHERE c.status = 'open' AND cu.name NOT IN
              (SELECT cu2.name FROM conversations c2 JOIN customers cu2 ON cu2.id = c2.customer_id
               WHERE c2.status = 'resolved')
            ORDER BY c.last_activity_at DESC LIMIT 1""")[0]

        # 0. A row tells a screen reader the channel, and whether the
        # customer has waited past the limit (15 minutes by default).
        channel, waited = db_rows(home, """
            SELECT c.channel, CAST(strftime('%s', 'now') AS INTEGER) - c.waiting_since
            FROM conversations c JOIN customers cu ON cu.id = c.customer_id
            WHERE cu.name = ? AND c.status = 'open' ORDER BY c.last_activity_at DESC LIMIT 1""", opened)[0]
        names = {"Channel::Whatsapp": "WhatsApp", "Channel::Email": "E-mail", "Channel::Sms": "SMS",
                 "Channel::WebWidget": "Website chat", "Channel::Api": "API"}
        wait_for(f"{opened} in the open list", lambda: has_row(conversations, opened), timeout=30)
        spoken = row_name(row_of(conversations, opened)[1])
        if f"{opened}, {names[channel]}" not in spoken:
            raise AssertionError(f"the row does not say its channel {names[channel]}: “{spoken}”")
        late = [row_name(item) for item in find_all(conversations, role="list item")
                if "past the limit" in row_name(item)]
        waiting_long, = db_rows(home, """
            SELECT count(*) FROM conversations WHERE status = 'open' AND waiting_since > 0
            AND CAST(strftime('%s', 'now') AS INTEGER) - waiting_since >= 15 * 60""")[0]
        if waiting_long > 0 and not late:
            raise AssertionError(f"{waiting_long} customers waited over 15 minutes, no row says so")
        if ("past the limit" in spoken) != (waited >= 15 * 60 and waited < 10 ** 9):
            raise AssertionError(f"{opened} waited {waited} s; the row says “{spoken}”")
        step += 1
        print(f"ok {step} - rows name their channel (“{spoken[:50]}…”); {len(late)} say the wait is past the limit")

        # 1. The list starts on open conversations; the status filter
        # switches it to resolved ones.
        wait_for(f"{opened} in the open list", lambda: has_row(conversations, opened), timeout=30)
        if has_row(conversations, resolved):
            raise Timeout(f"{resolved} (resolved) shows among the open conversations")
        choose_status(app, window, "Resolved")
        wait_for(f"{resolved} in the list", lambda: has_row(conversations, resolved), timeout=20)
        wait_for(f"{opened} gone from the list", lambda: not has_row(conversations, opened), timeout=20)
        step += 1
        print(f"ok {step} - resolved only: {resolved} shows, {opened} (open) does not")

        # 2. Search without the accent: "florenca" finds "Florença".
        expected = db_rows(home, """
            SELECT m.id, cu.name, c.remote_id, m.content FROM messages_fts
            JOIN messages m ON m.id = messages_fts.rowid
            JOIN conversations c ON c.id = m.conversation_id
            JOIN customers cu ON cu.id = c.customer_id
            WHERE messages_fts MATCH '"florenca"*'
            ORDER BY m.created_at DESC, m.id DESC""")
        if not expected or "Florença" not in "".join(row[3] for row in expected):
            raise Timeout("the demo shop has no message with “Florença”")
        press("ctrl+f")
        time.sleep(0.5)
        type_text("florenca")
        results = wait_for("the search results", lambda: find(window, role="list", name="Search Results"))
        first = wait_for("a result", lambda: results.childCount > 0 and results.getChildAtIndex(0))
        wait_for("all results", lambda: results.childCount == len(expected), timeout=10)
        customer, number = expected[0][1], expected[0][2]
        if not name_of(first).startswith(f"{customer}, conversation {number},"):
            raise Timeout(f"the first result is “{name_of(first)}”, not {customer}'s #{number}")
        click(first)
        messages = wait_for("the messages", lambda: find(window, role="list", name="Messages"))
        wait_for(f"{customer}'s conversation open",
                 lambda: find(window, role="label", name_contains=f"#{number}"), timeout=20)
        wait_for("the message found", lambda: find(messages, role="label", name_contains="Florença"), timeout=20)
        step += 1
        print(f"ok {step} - “florenca” finds {len(expected)} messages; the newest opens {customer}'s #{number}")

        # Escape in the search entry ends the search; back to open ones.
        press("ctrl+f")
        time.sleep(0.3)
        press("Escape")
        wait_for("the search to end", lambda: results.childCount == 0, timeout=10)
        choose_status(app, window, "Open")
        wait_for(f"{opened} back in the list", lambda: has_row(conversations, opened), timeout=20)

        # 3. Open a conversation: it is marked read; its row's menu marks it
        # unread, and it stays so while it is open.
        index, item = wait_for(f"{opened}'s row", lambda: row_of(conversations, opened))
        conversations.querySelection().selectChild(index)
        wait_for("the conversation read", lambda: "unread" not in row_name(row_of(conversations, opened)[1]),
                 timeout=30)
        item = row_of(conversations, opened)[1]
        pointer(item, 3)
        unread = wait_for("Mark as Unread", lambda: menu_item(app, "Mark as Unread"))
        activate_with_keyboard(unread, "Down", "Return")
        wait_for("the row unread", lambda: "unread message" in row_name(row_of(conversations, opened)[1]),
                 timeout=30)
        time.sleep(3)
        if "unread message" not in row_name(row_of(conversations, opened)[1]):
            raise Timeout("the conversation was marked read again while the user wanted it unread")
        step += 1
        print(f"ok {step} - {opened}'s conversation is marked unread: “{row_name(row_of(conversations, opened)[1])[:60]}…”")

        # 4. And read again, from the keyboard: Escape to the list, the
        # Menu key on the row.
        press("Escape")
        time.sleep(0.5)
        press("shift+F10")
        read = wait_for("Mark as Read", lambda: menu_item(app, "Mark as Read"), timeout=10)
        activate_with_keyboard(read, "Up", "Return")
        wait_for("the row read", lambda: "unread message" not in row_name(row_of(conversations, opened)[1]),
                 timeout=30)
        step += 1
        print(f"ok {step} - and marked read again from the keyboard")

        # 5. Alt+Down opens the next conversation of the list.
        selection = conversations.querySelection()
        before = selection.getSelectedChild(0)
        before_index = before.getIndexInParent()
        nxt = conversations.getChildAtIndex(before_index + 1)
        next_name = row_name(nxt).split(",")[0].split(":")[0]
        press("alt+Down")
        wait_for("the next row selected",
                 lambda: selection.nSelectedChildren == 1
                 and selection.getSelectedChild(0).getIndexInParent() == before_index + 1, timeout=10)
        wait_for(f"{next_name} in the header",
                 lambda: next_name in header_title(window, [conversations]), timeout=10)
        press("alt+Up")
        wait_for("back to the row before",
                 lambda: selection.getSelectedChild(0).getIndexInParent() == before_index, timeout=10)
        step += 1
        print(f"ok {step} - Alt+Down opens {next_name}'s conversation, Alt+Up goes back")

        # 6. Ctrl+K: type a name without its accents, Enter opens the newest
        # of that customer's conversations, whatever the filters.
        jumped, number = db_rows(home, """
            SELECT cu.name, c.remote_id FROM conversations c JOIN customers cu ON cu.id = c.customer_id
            WHERE cu.name = 'Álvaro Romero' ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1""")[0]
        press("ctrl+k")
        dialog = wait_for("the jump dialog", lambda: jump_dialog(app))
        # The dialog opens with the keyboard in its entry.
        time.sleep(0.5)
        type_text("alvaro rom")
        matches = wait_for("the matches", lambda: find(dialog, role="list", name="Matching Conversations"))
        wait_for("a match", lambda: matches.childCount > 0, timeout=10)
        press("Return")
        wait_for("the dialog to close",
                 lambda: jump_dialog(app) is None, timeout=10)
        wait_for(f"{jumped}'s #{number} open", lambda: find(window, role="label", name_contains=f"#{number}"),
                 timeout=20)
        step += 1
        print(f"ok {step} - Ctrl+K, “alvaro rom” and Enter open {jumped}'s #{number}")
    except Timeout as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        print(f"# screenshot: {os.path.join(home, 'failure.png')}")
        return 1
    finally:
        status = app.quit() if app is not None else None

    if status != 0:
        print(f"# bottega exited with status {status}")
        return 1
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
