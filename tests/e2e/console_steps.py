"""Steps a shop assistant takes in Bottega, for the end-to-end tests that
drive the real app through the accessibility tree: reading what the tree
shows (rows, the header, the customer pane), moving the keyboard focus,
choosing in drop-downs and menus, and reading what the demo shop's server
saved. Gathered from the e2e tests that first needed them (test-list,
test-composer, test-conversation-actions, test-customer-pane)."""

import json
import os
import re
import sqlite3
import struct
import time
import unicodedata
import urllib.request
import zlib

import pyatspi

from bottega_atspi import Timeout, do_action, find, find_all, press

# ---- waiting ----


def wait_until(what, predicate, timeout=20.0, interval=0.2):
    """Polls @predicate until it returns something truthy, for at most
    @timeout seconds. Accessible objects come and go while the app redraws:
    an error in the predicate counts as "not yet". On timeout the message
    says what was last seen, when the predicate returned it as a
    (False, seen) pair."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = predicate()
        except Exception as error:  # a node went away meanwhile
            value, last = None, f"error: {error}"
        if isinstance(value, tuple) and len(value) == 2 and value[0] is False:
            value, last = None, value[1]
        if value:
            return value
        if time.monotonic() > deadline:
            raise Timeout(f"timed out waiting for {what}" + (f" (last seen: {last})" if last else ""))
        time.sleep(interval)


# ---- reading the tree ----


def name_of(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def state_has(node, state):
    try:
        return node.getState().contains(state)
    except Exception:
        return False


def visible(node):
    """GTK 4.8 reports "visible" but never "showing"."""
    return state_has(node, pyatspi.STATE_VISIBLE)


def shown(node):
    """Visible, and so is every ancestor."""
    try:
        while node is not None and node.getRoleName() != "application":
            if not node.getState().contains(pyatspi.STATE_VISIBLE):
                return False
            node = node.parent
        return True
    except Exception:
        return False


def find_shown(root, **kwargs):
    nodes = [n for n in find_all(root, **kwargs) if shown(n)]
    return nodes[0] if nodes else None


def focused(node):
    return state_has(node, pyatspi.STATE_FOCUSED)


def pressed(node):
    return state_has(node, pyatspi.STATE_PRESSED) or state_has(node, pyatspi.STATE_CHECKED)


def text_of(node):
    """The whole text of a text field or label."""
    text = node.queryText()
    return text.getText(0, text.characterCount)


def extents(node):
    return tuple(node.queryComponent().getExtents(pyatspi.WINDOW_COORDS))


def inside(node, outer):
    """TRUE when @node lies within @outer on screen (a pane folded away
    lies outside the window)."""
    try:
        x, y, w, h = extents(node)
        ox, oy, ow, oh = extents(outer)
    except Exception:
        return False
    return w > 0 and h > 0 and x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh


def top_level(app, name):
    """The app's window (or dialog) named @name."""
    for i in range(app.node.childCount):
        try:
            top = app.node.getChildAtIndex(i)
            if top is not None and name_of(top) == name:
                return top
        except Exception:
            continue
    return None


def list_item_of(node):
    while node is not None:
        try:
            if node.getRoleName() == "list item":
                return node
            node = node.parent
        except Exception:
            return None
    return None


def fold(text):
    """@text without accents and case, as the search compares words."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def bold_runs(label):
    """The bold stretches of a label's text (how a search result marks the
    words that matched)."""
    text = label.queryText()
    content = text.getText(0, text.characterCount)
    runs, offset = [], 0
    while offset < text.characterCount:
        attributes, start, end = text.getAttributeRun(offset, False)
        if end <= offset:
            break
        if any(a in ("weight:700", "weight:bold") for a in attributes):
            runs.append(content[start:end])
        offset = end
    return runs


# ---- the conversation list ----

_ROW_CUSTOMER = re.compile(r"^(.+?)(?:, |: )")
COUNT_PATTERN = re.compile(r"^(\d+) conversations?$")


def row_name(item):
    """A conversation row's accessible name: "Customer, 2 unread messages,
    …: last message" (the list item's child carries it)."""
    try:
        name = name_of(item.getChildAtIndex(0)) if item.childCount > 0 else ""
    except Exception:
        name = ""
    if name:
        return name
    names = [name_of(n) for n in find_all(item) if name_of(n)]
    return max(names, key=len) if names else ""


def row_customer(item):
    match = _ROW_CUSTOMER.match(row_name(item))
    return match.group(1) if match else row_name(item)


def row_customers(conversations):
    """The customers of the rows the list shows, top to bottom."""
    items = [conversations.getChildAtIndex(i) for i in range(conversations.childCount)]
    return [row_customer(item) for item in items if item is not None and item.getRoleName() == "list item"]


def count_label(window):
    """The list's subtitle, which counts the conversations it shows."""
    for node in find_all(window, role="label"):
        if COUNT_PATTERN.match(name_of(node)) and visible(node):
            return node
    return None


def list_count(label):
    """The number of conversations the list's subtitle (@label) announces."""
    match = COUNT_PATTERN.match(name_of(label))
    return int(match.group(1)) if match else None


def activate_with_keyboard(target, key, then, tries=20):
    """Moves the keyboard focus with @key until @target (or something in
    it) has it, then presses @then: popups are other surfaces, where GTK 4.8
    reports no usable screen position, and menu items offer no AT-SPI
    action."""
    for _ in range(tries):
        if focused(target) or any(focused(n) for n in find_all(target)):
            press(then)
            return
        press(key)
        time.sleep(0.2)
    raise Timeout(f"the keyboard never reached {name_of(target) or row_name(target)}")


def choose_in_dropdown(app, dropdown, text):
    """Picks @text in a drop-down with the keyboard: the drop-down's button
    opens its list with the keyboard on the current choice; the arrows move
    to @text, Enter picks it."""
    do_action(wait_until("the drop-down's button", lambda: find(dropdown, role="push button")))

    def popup_items():
        for item in find_all(app.node, role="list item"):
            if focused(item):
                return [i for i in (item.parent.getChildAtIndex(k) for k in range(item.parent.childCount))
                        if i is not None]
        return None

    items = wait_until("the drop-down's choices, the current one focused", popup_items, timeout=10)
    labels = [[name_of(n) for n in find_all(item, role="label")] for item in items]
    wanted = next((i for i, names in enumerate(labels) if text in names), None)
    current = next((i for i, item in enumerate(items) if focused(item)), None)
    if wanted is None or current is None:
        raise Timeout(f"no “{text}” among the choices {labels}")
    activate_with_keyboard(items[wanted], "Down" if wanted > current else "Up", "Return")


def header_button(window, prefix):
    """One of the conversation header's menu buttons, by the start of its
    accessible name ("Status: Open"): the innermost, the one taking clicks."""
    found = [node for node in find_all(window, role="push button", name_contains=prefix)
             if name_of(node).startswith(prefix) and visible(node)]
    return found[-1] if found else None


_TITLE_PATTERN = re.compile(r"^#(\d+) · ")


def _header_subtitle(window):
    for node in find_all(window, role="label", name_contains="#"):
        match = _TITLE_PATTERN.match(name_of(node))
        if match and visible(node):
            return node, int(match.group(1))
    return None, None


def header_number(window):
    """The open conversation's number, from the header's subtitle."""
    return _header_subtitle(window)[1]


def header_customer(window):
    """The open conversation's customer: the header's title, beside the
    subtitle that gives its number."""
    node, _ = _header_subtitle(window)
    if node is None:
        return None
    titles = [name_of(n) for n in find_all(node.parent, role="label") if name_of(n) != name_of(node)]
    return titles[0] if titles else None


# ---- messages ----

TICKS = {"Waiting to be sent", "Sent", "Delivered", "Read", "Not sent"}
SENT = {"Sent", "Delivered", "Read"}


def bubble_of(messages, text):
    """The message row (a list item) showing @text."""
    labels = find_all(messages, role="label", name=text)
    return list_item_of(labels[-1]) if labels else None


def bubble_tick(bubble):
    """The delivery state a bubble shows ("Waiting to be sent", "Sent", …),
    or None for a customer's message."""
    ticks = [name_of(n) for n in find_all(bubble, role="image") if name_of(n) in TICKS]
    return ticks[-1] if ticks else None


def wait_sent(messages, text, timeout=30):
    def sent():
        bubble = bubble_of(messages, text)
        tick = bubble_tick(bubble) if bubble is not None else None
        return (bubble, tick) if tick in SENT else (False, tick)
    return wait_until(f"“{text[:30]}…” sent", sent, timeout=timeout)


def focus_with_tab(target, what, tries=60):
    """Tab until @target has the keyboard."""
    for _ in range(tries):
        if focused(target):
            return
        press("Tab")
        time.sleep(0.1)
    if not focused(target):
        raise Timeout(f"Tab never reached {what}")


# ---- files ----


def write_png(path, width=48, height=32):
    """A small opaque PNG (a red and blue gradient), made here."""
    rows = b""
    for y in range(height):
        rows += b"\x00" + b"".join(bytes((255 * x // width, 40, 255 * y // height)) for x in range(width))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows)))
        f.write(chunk(b"IEND", b""))


# ---- the app's store and the demo shop's server ----


def db_rows(home, sql, *args):
    """Rows of the app's own store (read-only)."""
    path = os.path.join(home, "data", "bottega", "bottega.db")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def demo_state_path(home):
    return os.path.join(home, "data", "bottega", "demo-shop.json")


def load_demo_state(home):
    """The demo shop's server state, as the sandbox saved it."""
    with open(demo_state_path(home), encoding="utf-8") as f:
        return json.load(f)


class DemoServer:
    """The demo shop's built-in server, steered through its /_sandbox/
    test hooks (the same the tests running `bottegactl sandbox` use): its
    address is in the app's store, its token in the shop's state."""

    def __init__(self, home):
        def url():
            rows = db_rows(home, "SELECT url FROM accounts WHERE is_demo = 1")
            return rows[0][0] if rows else None
        self.url = wait_until("the demo shop's address", url)
        self.token = load_demo_state(home)["token"]

    def faults(self, **settings):
        request = urllib.request.Request(self.url + "/_sandbox/faults", method="POST",
                                         data=json.dumps(settings).encode(),
                                         headers={"api_access_token": self.token,
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read().decode() or "null")
