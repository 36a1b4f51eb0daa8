#!/usr/bin/python3
"""End to end: open a conversation of the demo shop and read its customer
in the customer pane (name, phone with a copy button, channel), as a
screen reader user would.

Usage: test-customer-pane.py BOTTEGA_BINARY   (prints TAP)"""

import os
import shutil
import sqlite3
import sys
import tempfile

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import App, Timeout, find, find_all, press, screenshot, wait_for  # noqa: E402


def extents(node):
    return tuple(node.queryComponent().getExtents(pyatspi.WINDOW_COORDS))


def inside(node, outer):
    """TRUE when @node lies within @outer on screen. (GTK 4.8 reports no
    SHOWING state; a pane folded away lies outside the window.)"""
    try:
        x, y, w, h = extents(node)
        ox, oy, ow, oh = extents(outer)
    except Exception:
        return False
    return w > 0 and h > 0 and x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh


def customers(home):
    """name → phone number of every customer in the app's store."""
    db = sqlite3.connect(f"file:{os.path.join(home, 'data', 'bottega', 'bottega.db')}?mode=ro", uri=True)
    try:
        return {name: phone for name, phone in
                db.execute("SELECT name, phone_number FROM customers WHERE name IS NOT NULL")}
    finally:
        db.close()


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-pane-")
    print("1..3")
    app = None
    step = 0
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list",
                                 lambda: find(window, role="list", name="Conversations"))
        wait_for("conversation rows", lambda: find_all(conversations, role="list item"), timeout=60)

        # 1. Open the first conversation; the pane beside it shows its customer
        # (F9 shows the pane if the window keeps it hidden).
        conversations.querySelection().selectChild(0)
        wait_for("the messages", lambda: find(window, role="list", name="Messages"))

        def pane_on_screen():
            panes = [n for n in find_all(window, role="panel", name="Customer") if inside(n, window)]
            return panes[0] if panes else None

        pane = None
        try:
            pane = wait_for("the customer pane", pane_on_screen, timeout=10)
        except Timeout:
            press("F9")
            pane = wait_for("the customer pane after F9", pane_on_screen, timeout=20)
        step += 1
        print(f"ok {step} - the customer pane is on screen ({pane.getRoleName()})")

        # 2. Name and phone: the customer of the open conversation, as stored.
        known = customers(home)

        def customer_shown():
            names = [n.name for n in find_all(pane, role="label") if inside(n, pane)]
            for name in names:
                if name in known:
                    return name, names
            return None

        name, labels = wait_for("the customer's name in the pane", customer_shown, timeout=30)
        phone = known[name]
        if not phone:
            raise AssertionError(f"the demo customer {name!r} has no phone number")
        wait_for("the phone number in the pane",
                 lambda: [n for n in find_all(pane, role="label", name=phone) if inside(n, pane)], timeout=10)
        selected = [r for r in find_all(conversations, role="list item")
                    if r.getState().contains(pyatspi.STATE_SELECTED)]
        if selected and not find(selected[0], name=name):
            raise AssertionError(f"the pane shows {name!r}, not the customer of the selected conversation")
        step += 1
        print(f"ok {step} - the pane shows the customer's name and phone number")

        # 3. Every contact detail can be copied with a named button.
        copy = find(pane, role="push button", name="Copy phone number")
        if copy is None:
            raise AssertionError("no “Copy phone number” button in the pane")
        unnamed = [b for b in find_all(pane, role="push button") if inside(b, pane) and not b.name]
        if unnamed:
            raise AssertionError(f"{len(unnamed)} buttons in the pane have no accessible name")
        step += 1
        print(f"ok {step} - the phone number has a copy button; every button in the pane has a name")
    except (Timeout, AssertionError) as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        if app is not None:
            app.quit()

    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
