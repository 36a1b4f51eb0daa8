#!/usr/bin/python3
"""End to end: products in the demo shop, driven through the accessibility
tree and the keyboard.

 - Ctrl+P in the reply field opens the product picker with the keyboard in
   its search; typing narrows it down and Enter adds the product: its
   picture goes to the tray, its name, price and link into the reply;
 - Ctrl+P again, a second product typed and Ctrl+Enter at once (before the
   search has caught up) adds the one typed and keeps the picker open;
   Escape closes it;
 - an out-of-stock product asks first; Cancel adds nothing;
 - Enter sends both as one reply that turns sent;
 - the catalog page (Ctrl+Shift+K) searches, shows the cards, opens a
   product's details with Enter, and "Send in Conversation" on a
   discontinued product asks, then adds it to the reply;
The demo shop's saved state is checked after quitting: one message with
both pictures and both snippets, one with the third product's.

Usage: test-catalog.py BOTTEGA   (prints TAP)"""

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
from bottega_atspi import (App, Timeout, do_action, find, find_all,  # noqa: E402
                           press, screenshot, type_text, wait_for)

TESTS = 8

FIRST = "Borsa a tracolla Duomo – nero"          # in stock, 189.00 EUR
SECOND = "Camicia di lino – sabbia"              # on sale: 69.00 instead of 89.00 EUR
OUT_OF_STOCK = "Giacca in pelle Biker – marrone"
DISCONTINUED = "Pochette da sera – bordeaux"     # 119.00 EUR


def saved_messages(state_path):
    """Every message in the demo shop's saved state."""
    with open(state_path, encoding="utf-8") as f:
        state = json.load(f)
    found = []

    def visit(node):
        if isinstance(node, dict):
            if "message_type" in node and "content" in node:
                found.append(node)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(state)
    return found


def text_of(field):
    return field.queryText().getText(0, -1)


def shown(node):
    """Visible, and so is every ancestor (GTK 4.8 sets no SHOWING state)."""
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
    try:
        return node.getState().contains(pyatspi.STATE_FOCUSED)
    except Exception:
        return False


def picker_list(app):
    return find_shown(app.node, role="list", name="Products")


def picker_row(app, name):
    """The picker's row of @name: (the row, its price as shown)."""
    products = picker_list(app)
    if products is None:
        return None
    for row in find_all(products, role="panel", name=name):
        labels = [n.name or "" for n in find_all(row, role="label")]
        prices = [label for label in labels if re.search(r"\d", label)]
        if prices:
            return row, prices[0]
    return None


def tray_files(window):
    tray = find_shown(window, name="Files to Send")
    if tray is None:
        return []
    return [b.name for b in find_all(tray, role="push button") if (b.name or "").startswith("Remove “")]


def looks_like_price(text, amount):
    """@amount ("189") as a price: with its currency, as a locale writes it."""
    return amount in text and ("EUR" in text or "€" in text)


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-catalog-")
    print(f"1..{TESTS}")
    app = None
    step = 0
    first_price = second_price = None
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list",
                                 lambda: find(window, role="list", name="Conversations"))
        wait_for("conversation rows", lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)
        conversations.querySelection().selectChild(0)
        messages = wait_for("the messages", lambda: find(window, role="list", name="Messages"))
        field = wait_for("the reply field", lambda: find_shown(window, role="text", name="Reply"))
        wait_for("focus in the reply field", lambda: focused(field), timeout=10)
        button = find_shown(window, role="push button", name="Products")
        if button is None:
            raise Timeout("no Products button beside the reply field")

        # 1. Ctrl+P, a few words, Enter.
        press("ctrl+p")
        search = wait_for("the picker's search",
                          lambda: find_shown(app.node, role="entry", name="Search Products"), timeout=10)
        wait_for("the keyboard in the picker's search", lambda: focused(search), timeout=10)
        type_text("duomo nero")
        # The demo catalog arrives a few seconds after the start.
        row, first_price = wait_for(f"{FIRST} in the picker", lambda: picker_row(app, FIRST), timeout=60)
        if not looks_like_price(first_price, "189"):
            raise Timeout(f"the picker shows {FIRST} at {first_price!r}")
        screenshot(os.path.join(home, "picker.png"))
        press("Return")
        wait_for("the picker to close", lambda: picker_list(app) is None, timeout=10)
        wait_for("the first snippet in the reply", lambda: FIRST in text_of(field), timeout=10)
        wait_for("its picture in the tray",
                 lambda: any(FIRST in name for name in tray_files(window)), timeout=15)
        wait_for("the keyboard back in the reply field", lambda: focused(field), timeout=10)
        text = text_of(field)
        if first_price not in text or "https://" not in text:
            raise Timeout(f"the snippet lacks the price or the link: {text!r}")
        step += 1
        print(f"ok {step} - Ctrl+P, “duomo nero”, Enter: {FIRST} ({first_price}) is in the reply "
              "with its link, its picture in the tray")

        # 2. Ctrl+P again; Ctrl+Enter right after typing, before the
        # search is done: the product typed is added, the picker stays.
        press("ctrl+p")
        search = wait_for("the picker's search again",
                          lambda: find_shown(app.node, role="entry", name="Search Products"), timeout=10)
        wait_for("the keyboard in the picker's search", lambda: focused(search), timeout=10)
        type_text("lino sabbia")
        press("ctrl+Return")
        wait_for("the second snippet in the reply", lambda: SECOND in text_of(field), timeout=15)
        row, second_price = wait_for(f"{SECOND} still in the open picker",
                                     lambda: picker_row(app, SECOND), timeout=10)
        if not looks_like_price(second_price, "69"):
            raise Timeout(f"the picker shows the sale {SECOND} at {second_price!r}")
        wait_for("two pictures in the tray", lambda: len(tray_files(window)) == 2, timeout=15)
        screenshot(os.path.join(home, "two-products.png"))
        press("Escape")
        wait_for("the picker to close", lambda: picker_list(app) is None, timeout=10)
        wait_for("the keyboard back in the reply field", lambda: focused(field), timeout=10)
        step += 1
        print(f"ok {step} - Ctrl+P, “lino sabbia”, Ctrl+Enter at once adds {SECOND} ({second_price}) "
              "and keeps the picker open; Escape closes it")

        # 3. Both snippets, each its own paragraph, and two pictures.
        text = text_of(field)
        files = tray_files(window)
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        if len(paragraphs) != 2 or not paragraphs[0].startswith(FIRST) or not paragraphs[1].startswith(SECOND):
            raise Timeout(f"the reply is not two snippets: {text!r}")
        if second_price not in paragraphs[1] or "instead of" not in paragraphs[1]:
            raise Timeout(f"the sale price is not in the second snippet: {paragraphs[1]!r}")
        if not (any(FIRST in f for f in files) and any(SECOND in f for f in files)):
            raise Timeout(f"the tray holds {files}")
        step += 1
        print(f"ok {step} - the reply holds both snippets and the tray both pictures ({', '.join(files)})")

        # 4. Out of stock: asked first; Cancel adds nothing.
        press("ctrl+p")
        search = wait_for("the picker's search",
                          lambda: find_shown(app.node, role="entry", name="Search Products"), timeout=10)
        wait_for("the keyboard in the picker's search", lambda: focused(search), timeout=10)
        type_text("biker marrone")
        row, _ = wait_for(f"{OUT_OF_STOCK} in the picker", lambda: picker_row(app, OUT_OF_STOCK), timeout=10)
        if "Out of stock" not in [n.name for n in find_all(row, role="label")]:
            raise Timeout(f"{OUT_OF_STOCK} is not marked out of stock in the picker")
        press("Return")
        dialog = wait_for("the question", lambda: find_shown(app.node, role="dialog",
                                                             name_contains="Out of Stock"), timeout=10)
        body = " ".join(n.name or "" for n in find_all(dialog, role="label"))
        if OUT_OF_STOCK not in body or "Add it anyway?" not in body:
            raise Timeout(f"the question does not name the product: {body[:200]}")
        screenshot(os.path.join(home, "out-of-stock.png"))
        cancel = wait_for("Cancel", lambda: find(dialog, role="push button", name_contains="Cancel"))
        do_action(cancel)
        # GTK 4.8 aborts when asked about a window being destroyed: let the
        # dialog go before walking the tree again.
        dialog = cancel = None
        time.sleep(1.5)
        wait_for("the question gone",
                 lambda: find(app.node, role="dialog", name_contains="Out of Stock") is None, timeout=10)
        # (Xvfb has no window manager to make the main window active again:
        # the focused state is not reported, but the keys reach the field.)
        if OUT_OF_STOCK in text_of(field) or len(tray_files(window)) != 2:
            raise Timeout("Cancel added the out-of-stock product anyway")
        step += 1
        print(f"ok {step} - {OUT_OF_STOCK} is marked out of stock and asks first; Cancel adds nothing")

        # 5. Enter sends everything as one reply, which turns sent.
        sent_text = text_of(field)
        press("Return")
        wait_for("the reply field to empty", lambda: text_of(field) == "", timeout=15)
        wait_for("the tray to empty", lambda: not tray_files(window), timeout=15)
        bubble_label = wait_for("the reply in the conversation",
                                lambda: find(messages, role="label", name_contains=FIRST), timeout=15)
        item = bubble_label
        while item is not None and item.getRoleName() != "list item":
            item = item.parent
        wait_for("the sent tick", lambda: find(item, role="image", name="Sent"), timeout=30)
        step += 1
        print(f"ok {step} - Enter sends it as one reply, which turns sent")

        # 6. The catalog page: search, a card, its details.
        press("ctrl+shift+k")
        page_search = wait_for("the catalog's search",
                               lambda: find_shown(window, role="entry", name="Search Products"), timeout=10)
        wait_for("the keyboard in the catalog's search", lambda: focused(page_search), timeout=10)
        grid = wait_for("the product grid", lambda: find_shown(window, role="table", name="Products"), timeout=10)
        type_text("pochette")
        card = wait_for(f"the card of {DISCONTINUED}",
                        lambda: find_shown(grid, role="panel", name=DISCONTINUED), timeout=15)
        card_labels = [n.name for n in find_all(card, role="label")]
        if "Discontinued" not in card_labels or not any(looks_like_price(t or "", "119") for t in card_labels):
            raise Timeout(f"the card shows {card_labels}")
        screenshot(os.path.join(home, "catalog.png"))
        press("Return")
        # (GTK 4.8 leaves the details' stack page marked hidden once it was
        # hidden: these are looked for without the visibility test.)
        send = wait_for("Send in Conversation",
                        lambda: find(window, role="push button", name_contains="Send in Conversation"),
                        timeout=10)
        wait_for("the details of the product: its name beside the card's, its code",
                 lambda: len(find_all(window, role="label", name=DISCONTINUED)) >= 2 and
                 find(window, role="label", name="BM-POCHETTE-BOR") is not None, timeout=10)
        screenshot(os.path.join(home, "details.png"))
        step += 1
        print(f"ok {step} - Ctrl+Shift+K opens the catalog; “pochette” finds the card of {DISCONTINUED} "
              f"({', '.join(card_labels[1:])}); Enter shows its details")

        # 7. Send in Conversation: asked (discontinued), added to the reply.
        do_action(send)
        dialog = wait_for("the question", lambda: find_shown(app.node, role="dialog",
                                                             name_contains="Discontinued"), timeout=10)
        add = wait_for("Add Anyway", lambda: find(dialog, role="push button", name_contains="Add Anyway"))
        do_action(add)
        dialog = add = send = None
        time.sleep(1.5)
        wait_for("the question gone",
                 lambda: find(app.node, role="dialog", name_contains="Discontinued") is None, timeout=10)
        wait_for("the third snippet in the reply", lambda: DISCONTINUED in text_of(field), timeout=10)
        wait_for("its picture in the tray", lambda: any(DISCONTINUED in f for f in tray_files(window)), timeout=15)
        third_text = text_of(field)
        press("Return")
        wait_for("the reply field to empty", lambda: text_of(field) == "", timeout=15)
        step += 1
        print(f"ok {step} - Send in Conversation asks about the discontinued product, Add Anyway puts it "
              "in the reply; Enter sends it")
    except Timeout as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        print(f"# screenshots in {home}")
        return 1
    finally:
        status = app.quit() if app is not None else None

    if status != 0:
        print(f"not ok {TESTS} - bottega exited with status {status} when asked to quit")
        return 1

    saved = saved_messages(os.path.join(home, "data", "bottega", "demo-shop.json"))
    problems = []
    both = [m for m in saved if FIRST in (m.get("content") or "")]
    if len(both) != 1:
        problems.append(f"{len(both)} messages name {FIRST}")
    else:
        message = both[0]
        content = message.get("content") or ""
        attachments = message.get("attachments") or []
        if content != sent_text:
            problems.append(f"the message reads {content!r}, not {sent_text!r}")
        for name, price in ((FIRST, first_price), (SECOND, second_price)):
            if name not in content or price not in content:
                problems.append(f"the message lacks {name} at {price}")
        if len(attachments) != 2 or any(a.get("content_type") != "image/png" for a in attachments):
            problems.append(f"the message has {[a.get('content_type') for a in attachments]} attached")
        if message.get("private"):
            problems.append("the message went out as a private note")
    if [m for m in saved if OUT_OF_STOCK in (m.get("content") or "")]:
        problems.append(f"{OUT_OF_STOCK} was sent")
    third = [m for m in saved if DISCONTINUED in (m.get("content") or "")]
    if len(third) != 1 or third[0].get("content") != third_text or len(third[0].get("attachments") or []) != 1:
        problems.append(f"the discontinued product's message: {third}")
    if problems:
        print(f"not ok {TESTS} - the shop's server: " + "; ".join(problems))
        return 1
    print(f"ok {TESTS} - the shop's server holds one message with both snippets and both pictures, "
          "and one with the third product; nothing out of stock")
    if os.environ.get("BOTTEGA_E2E_KEEP"):
        print(f"# screenshots in {home}")
    else:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
