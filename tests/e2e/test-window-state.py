#!/usr/bin/python3
"""End to end: Bottega comes back as it was left. The window is resized and
a conversation opened; after quitting and starting again the window has the
same size and the same conversation is open. Settings are kept in a private
keyfile, as they would be in dconf.

(Whether the window was maximized is kept the same way, but Xvfb has no
window manager to maximize a window, so it is not exercised here.)

Usage: test-window-state.py BOTTEGA   (prints TAP)"""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402

import pyatspi  # noqa: E402

from bottega_atspi import (App, Timeout, find, find_all, press, screenshot,  # noqa: E402
                           wait_for)

WIDTH, HEIGHT = 940, 660
HOME = tempfile.mkdtemp(prefix="bottega-e2e-window-state-")


def x_window(app):
    """The X window id of the app's main window."""
    def search():
        run = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.process.pid)],
                             stdout=subprocess.PIPE, text=True)
        ids = run.stdout.split()
        return ids[0] if ids else None
    return wait_for("the window on the X server", search)


def x_size(window_id):
    run = subprocess.run(["xdotool", "getwindowgeometry", window_id], stdout=subprocess.PIPE,
                         text=True, check=True)
    for line in run.stdout.splitlines():
        line = line.strip()
        if line.startswith("Geometry:"):
            width, height = line.split()[1].split("x")
            return int(width), int(height)
    raise AssertionError(f"no geometry for window {window_id}")


def conversation_number(window):
    """The "#42 · WhatsApp" line of the open conversation's header."""
    labels = [n for n in find_all(window, role="label") if (n.name or "").startswith("#")]
    return labels[0].name.split(" ")[0] if labels else None


def state(node, which):
    try:
        return node is not None and node.getState().contains(which)
    except Exception:
        return False


def visible(node):
    return state(node, pyatspi.STATE_VISIBLE)


def focused(node):
    return state(node, pyatspi.STATE_FOCUSED)


def conversation_list(window):
    lists = [n for n in find_all(window, role="list", name="Conversations")
             if len(find_all(n, role="list item")) > 3]
    return lists[0] if lists else None


def main():
    bottega = sys.argv[1]
    home = HOME
    # dconf is not there: a keyfile in the private home keeps the settings.
    env = {"GSETTINGS_BACKEND": "keyfile"}
    print("1..4")
    step = 0
    app = None
    try:
        app = App(bottega, home, args=["--demo"], env=env)
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the demo shop's conversations", lambda: conversation_list(window), timeout=60)

        window_id = x_window(app)
        subprocess.run(["xdotool", "windowsize", "--sync", window_id, str(WIDTH), str(HEIGHT)], check=True)
        wait_for("the new size", lambda: x_size(window_id) == (WIDTH, HEIGHT), timeout=10)

        conversations.querySelection().selectChild(2)
        number = wait_for("the open conversation", lambda: conversation_number(window))
        step += 1
        print(f"ok {step} - the window is {WIDTH}×{HEIGHT} with conversation {number} open")

        # Closing ends Bottega the way logging out does.
        app.quit()
        app = None
        keyfile = os.path.join(home, "config", "glib-2.0", "settings", "keyfile")
        if not os.path.isfile(keyfile):
            raise AssertionError("nothing was kept: the settings keyfile is missing")

        app = App(bottega, home, env=env)
        window = wait_for("the main window again", lambda: find(app.node, role="frame"))
        window_id = x_window(app)
        size = x_size(window_id)
        if size != (WIDTH, HEIGHT):
            raise AssertionError(f"the window came back {size[0]}×{size[1]}, not {WIDTH}×{HEIGHT}")
        step += 1
        print(f"ok {step} - the window comes back {size[0]}×{size[1]}")

        again = wait_for("the conversation open again", lambda: conversation_number(window), timeout=60)
        if again != number:
            raise AssertionError(f"conversation {again} is open, not {number}")
        step += 1
        print(f"ok {step} - conversation {again} is open again")

        # 4. At 360 pixels, the narrowest a phone-sized window gets, the
        # window folds to one pane: the open conversation alone, with a
        # way back; Escape goes back to the list, keyboard on its rows.
        # (GTK 4.8 tells AT-SPI what is visible, not what is on screen:
        # the Back button is there only when folded.)
        def back_button():
            button = find(window, role="push button", name="Back to Conversations")
            return button if visible(button) else None

        if back_button() is not None:
            raise AssertionError(f"the Back button shows on a {WIDTH}-pixel window")
        subprocess.run(["xdotool", "windowsize", "--sync", window_id, "360", "640"], check=True)
        wait_for("the narrow size", lambda: x_size(window_id) == (360, 640), timeout=10)
        wait_for("the folded window's Back button", back_button, timeout=10)
        screenshot(os.path.join(home, "narrow-conversation.png"))
        press("Escape")
        conversations = wait_for("the conversation list", lambda: conversation_list(window), timeout=10)
        wait_for("the keyboard on the list's rows", lambda: any(
            focused(node) for node in find_all(conversations)), timeout=10)
        screenshot(os.path.join(home, "narrow-list.png"))
        step += 1
        print(f"ok {step} - at 360×640 the window folds: the conversation with a Back button, "
              "then the list after Escape")
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
