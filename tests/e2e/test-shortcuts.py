#!/usr/bin/python3
"""End to end: the shortcuts window (Ctrl+?) opens from the keyboard, lists
the shortcuts of both its sections, and closes with Escape — without a
warning in the app's log (bottega_atspi.run checks it).

Usage: test-shortcuts.py BOTTEGA   (prints TAP)"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import App, find, find_all, press, screenshot, wait_for  # noqa: E402


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-shortcuts-")
    print("1..3")
    app = None
    step = 0
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_for("the main window", lambda: find(app.node, role="frame", name="Bottega"))
        conversations = wait_for("the conversation list", lambda: find(window, role="list", name="Conversations"))
        wait_for("conversation rows", lambda: conversations.childCount > 3, timeout=60)

        press("ctrl+question")
        shortcuts = wait_for("the shortcuts window",
                             lambda: next((w for w in find_all(app.node) if w.getRoleName() in ("frame", "dialog")
                                           and w.name != "Bottega" and find(w, name="Jump to a conversation")),
                                          None))
        titles = ["Jump to a conversation", "Search all messages", "Resolve", "Product catalog", "Preferences"]
        for title in titles:
            wait_for(f"“{title}”", lambda: find(shortcuts, role="label", name=title), timeout=10)
        step += 1
        print(f"ok {step} - Ctrl+? lists the conversation shortcuts: {', '.join(titles)}")

        # The second section is one keyboard press away in the title's menu;
        # its shortcuts are in the tree already.
        writing = ["Private note or reply", "Attach files", "Send products", "Zoom in"]
        for title in writing:
            wait_for(f"“{title}”", lambda: find(shortcuts, name=title), timeout=10)
        step += 1
        print(f"ok {step} - the writing section lists {', '.join(writing)}")

        press("Escape")
        wait_for("the shortcuts window closed",
                 lambda: not [w for w in find_all(app.node) if w.getRoleName() in ("frame", "dialog")
                              and w.name != "Bottega"])
        step += 1
        print(f"ok {step} - Escape closes it")
    except Exception as error:  # noqa: BLE001 - report any failure as TAP
        path = os.path.join(home, "failure.png")
        screenshot(path)
        print(f"not ok {step + 1} - {error}")
        print(f"# screenshot: {path}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        if app is not None:
            app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
