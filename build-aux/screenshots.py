#!/usr/bin/python3
"""Makes the README's screenshots from the demo shop: the wide window, the
narrow window and the dark style. Run it through build-aux/screenshots.sh,
which provides the virtual display and session bus.

Usage: screenshots.py BOTTEGA_BINARY OUTPUT_DIR"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))

import pyatspi  # noqa: E402

from bottega_atspi import App, find, find_all, wait_for  # noqa: E402

SCHEMA_PATH = "io/github/bottega_chat/Bottega"


def shoot(binary, out, name, width, height, dark=False, open_row=2):
    home = tempfile.mkdtemp(prefix="bottega-shot-")
    settings = os.path.join(home, "config", "glib-2.0", "settings")
    os.makedirs(settings)
    with open(os.path.join(settings, "keyfile"), "w", encoding="utf-8") as f:
        for path in (SCHEMA_PATH, SCHEMA_PATH + "/Devel"):
            f.write(f"[{path}]\nwindow-width={width}\nwindow-height={height}\n\n")
    env = {"GSETTINGS_BACKEND": "keyfile", "G_DEBUG": ""}
    if dark:
        env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    app = App(binary, home, args=["--demo"], env=env)
    try:
        window = wait_for("the window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list",
                                 lambda: find(window, role="list", name="Conversations"))
        wait_for("rows", lambda: len(find_all(conversations, role="list item")) > 4, timeout=60)
        if open_row is not None:
            conversations.querySelection().selectChild(open_row)
            messages = wait_for("messages", lambda: find(window, role="list", name="Messages"))
            wait_for("message rows", lambda: messages.childCount > 0)
            if width < 600:
                pass  # the folded window shows the conversation; that is the point
        time.sleep(3)  # thumbnails decode in the background
        x, y, w, h = window.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        target = os.path.join(out, f"{name}.png")
        subprocess.run(["import", "-window", "root", "-crop", f"{w}x{h}+{x}+{y}", "+repage", target],
                       check=True)
        print(f"wrote {target} ({w}×{h})")
    finally:
        app.quit()
        shutil.rmtree(home, ignore_errors=True)


def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    shoot(binary, out, "wide", 1280, 800, open_row=1)
    shoot(binary, out, "narrow", 380, 720, open_row=1)
    shoot(binary, out, "dark", 1100, 720, dark=True, open_row=3)


if __name__ == "__main__":
    main()
