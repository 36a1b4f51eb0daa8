#!/usr/bin/python3
"""End to end: attachments in the demo shop, through the accessibility tree.
Conversation #1 (Francesca Conti) holds photos and a voice note: open a
photo in the image viewer, zoom it with the keyboard, close it with Escape;
find the voice note's Play button. Conversation #42 (Matteo Galli, open like
#1, so listed whichever status filter is the default) holds a PDF invoice: its name, size, Open and Save As… are there, and Save As… suggests
the invoice's own name in the file chooser.

Usage: test-attachments.py BOTTEGA   (prints TAP)"""

import os
import shutil
import subprocess
import sys
import tempfile

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import (App, Timeout, do_action, find, find_all, press,  # noqa: E402
                           screenshot, wait_for)


def row_of(conversations, customer):
    for i in range(conversations.childCount):
        try:
            if find(conversations.getChildAtIndex(i), name_contains=customer):
                return (i,)  # a tuple: row 0 would read as "not found"
        except Exception:
            continue
    return None


def open_conversation(window, conversations, customer, number):
    """Selects @customer's row, scrolling the list with the mouse wheel until
    it is there: the list only makes rows for what is on screen."""
    # Window coordinates: GTK 4 on X11 has no others (it warns when asked for
    # screen coordinates), and without a window manager the window sits at
    # the screen's origin.
    x, y, w, h = conversations.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    found = None
    for _ in range(40):
        try:
            found = wait_for(f"{customer}'s conversation", lambda: row_of(conversations, customer), timeout=2)
            break
        except Timeout:
            subprocess.run(["xdotool", "mousemove", "--sync", str(x + w // 2), str(y + h // 2),
                            "click", "--repeat", "3", "5"], check=True)
    if found is None:
        raise Timeout(f"no row for {customer}")
    conversations.querySelection().selectChild(found[0])
    wait_for(f"#{number} open", lambda: find(window, role="label", name_contains=f"#{number}"))
    return wait_for("the messages", lambda: find(window, role="list", name="Messages"))


def text_of(node):
    # GTK 4.8's entries answer getText(0, -1) with nothing: ask for the length.
    text = node.queryText()
    return text.getText(0, text.characterCount)


def top_levels(app):
    return [app.node.getChildAtIndex(i) for i in range(app.node.childCount)]


def showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-attachments-")
    print("1..5")
    app = None
    step = 0
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list", lambda: find(window, role="list", name="Conversations"))
        wait_for("rows", lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)

        # 1. Francesca's photo: a thumbnail button named after the photo.
        messages = open_conversation(window, conversations, "Francesca Conti", 1)
        photo = wait_for("a photo thumbnail",
                         lambda: find(messages, role="push button", name_contains="Photo: IMG-"), timeout=20)
        step += 1
        print(f"ok {step} - the photo shows as a thumbnail button: {photo.name}")

        # 2. Activating it opens the viewer, a window of its own named after
        # the photo, with zoom buttons that work from the keyboard.
        file_name = photo.name.split(": ", 1)[1]
        do_action(photo)
        viewer = wait_for("the image viewer",
                          lambda: next((w for w in top_levels(app)
                                        if w is not None and w.name == file_name and showing(w)), None))
        zoom_in = wait_for("Zoom in", lambda: find(viewer, role="push button", name="Zoom in"))
        find(viewer, role="push button", name="Zoom out") or fail_step("no Zoom out button")
        find(viewer, role="push button", name="Best fit") or fail_step("no Best fit button")
        find(viewer, role="push button", name="Save As…") or fail_step("no Save As… button")
        wait_for("the full photo loaded",
                 lambda: zoom_in.getState().contains(pyatspi.STATE_SENSITIVE), timeout=20)
        zoom_label = wait_for("the zoom level", lambda: next((n for n in find_all(viewer, role="label")
                                                               if (n.name or "").endswith("%")), None))
        before = zoom_label.name
        press("ctrl+plus")
        wait_for("the zoom level to change", lambda: zoom_label.name != before, timeout=10)
        step += 1
        print(f"ok {step} - the viewer opens; Ctrl+plus zooms from {before} to {zoom_label.name}")

        # 3. Escape closes it.
        press("Escape")
        wait_for("the viewer to close",
                 lambda: not any(w is not None and w.name == file_name and showing(w) for w in top_levels(app)))
        step += 1
        print(f"ok {step} - Escape closes the viewer")

        # 4. The voice note has a Play button.
        play = wait_for("the voice note's Play button",
                        lambda: find(messages, role="push button", name="Play"), timeout=20)
        if play.description != "Voice message":
            raise AssertionError(f"the Play button says it plays {play.description!r}")
        step += 1
        print(f"ok {step} - the voice note has a Play button ({play.description or 'no description'})")

        # 5. Matteo's invoice: name, size, Open, Save As…; Save As… suggests
        # the invoice's name in the file chooser.
        messages = open_conversation(window, conversations, "Matteo Galli", 42)
        document = wait_for("the invoice",
                            lambda: find(messages, name_contains="File: Fattura-"), timeout=20)
        name_and_size = document.name[len("File: "):]
        if not any(unit in name_and_size for unit in ("kB", "bytes", "MB")):
            raise Timeout(f"no size in {document.name!r}")
        open_button = find(document, role="push button", name="Open")
        save_button = find(document, role="push button", name="Save As…")
        if open_button is None or save_button is None:
            raise Timeout("no Open or Save As… button on the invoice")
        do_action(save_button)
        # GTK 4.8 does not mark the chooser dialog as showing: its name will do.
        chooser = wait_for("the file chooser",
                           lambda: next((w for w in top_levels(app)
                                         if w is not None and w.name == "Save Attachment"), None),
                           timeout=20)
        file_name = name_and_size.split(",")[0]
        wait_for("the suggested name",
                 lambda: next((n for n in find_all(chooser, role="text") if text_of(n) == file_name), None),
                 timeout=10)
        press("Escape")
        wait_for("the chooser to close",
                 lambda: not any(w is not None and w.name == "Save Attachment" for w in top_levels(app)))
        step += 1
        print(f"ok {step} - the invoice shows {name_and_size}, Open and Save As…, which suggests {file_name}")
    except (Timeout, AssertionError) as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        status = app.quit() if app is not None else None

    if status != 0:
        print(f"not ok {step + 1} - bottega exited with status {status} when asked to quit")
        return 1
    # Warnings in the app's log fail the test in bottega_atspi.run.
    shutil.rmtree(home, ignore_errors=True)
    return 0


def fail_step(message):
    raise AssertionError(message)


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
