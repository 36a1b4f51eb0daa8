#!/usr/bin/python3
"""End to end: a customer writes while Bottega's window is in the
background, and the desktop shows one notification with the customer's
name and the first line of the message; clicking it brings the window
back with that conversation open and withdraws the notification. Nothing
is announced for what the first sync brought, nor while the window is in
front.

The desktop's notification server is tests/e2e/fake_notifications.py on
the test's private session bus; the shop is a separate `bottegactl
sandbox`, whose /_sandbox/incoming makes a customer write; another X window
takes the focus away.

Usage: test-notifications.py BOTTEGA BOTTEGACTL   (prints TAP)"""

import json
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
from bottega_atspi import App, Timeout, find, find_all, screenshot, wait_for  # noqa: E402
from sandbox_process import Sandbox, free_port  # noqa: E402

import gi  # noqa: E402

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# A plain GTK window in a process of its own: presenting it takes the
# keyboard focus (there is no window manager on the virtual display).
FOCUS_THIEF = """
import gi
gi.require_version("Gtk", "4.0")
from gi.repository import GLib, Gtk
Gtk.init()
window = Gtk.Window(title="Another application")
window.set_default_size(200, 100)
window.present()
loop = GLib.MainLoop()
window.connect("close-request", lambda *args: loop.quit())
loop.run()
"""


def read_log(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def stored(home, content):
    """TRUE once the app's store holds a message with @content."""
    db = sqlite3.connect(f"file:{os.path.join(home, 'data', 'bottega', 'bottega.db')}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM messages WHERE content = ?", (content,)).fetchone()[0] > 0
    finally:
        db.close()


def has_owner(bus, name):
    reply = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "NameHasOwner", GLib.Variant("(s)", (name,)), GLib.VariantType("(b)"),
                          Gio.DBusCallFlags.NONE, 5000, None)
    return reply.unpack()[0]


def is_active(window):
    try:
        return window.getState().contains(pyatspi.STATE_ACTIVE)
    except Exception:
        return False


def main():
    bottega, bottegactl = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp(prefix="bottega-e2e-notify-")
    log = os.path.join(home, "notifications.jsonl")
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "SECRET_FILE_TEST_PATH": os.path.join(home, "keyring"),
    })
    print("1..4")
    app = server = thief = None
    sandbox = None
    step = 0
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        server = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "fake_notifications.py"), log],
                                  stdout=subprocess.DEVNULL)
        wait_for("the fake notification server on the session bus",
                 lambda: server.poll() is None and has_owner(bus, "org.freedesktop.Notifications"), timeout=30)

        sandbox = Sandbox(bottegactl, env, os.path.join(home, "shop.json"), free_port())
        subprocess.run([bottegactl, "account", "add", "--url", sandbox.url], input=sandbox.token,
                       env=env, text=True, check=True, stdout=subprocess.DEVNULL)
        app = App(bottega, home, env={"GSK_RENDERER": "cairo"})
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list", lambda: find(window, role="list", name="Conversations"))
        wait_for("rows", lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)

        # Two conversations of two customers, straight from the app's store.
        db = sqlite3.connect(f"file:{os.path.join(home, 'data', 'bottega', 'bottega.db')}?mode=ro", uri=True)
        rows = db.execute("SELECT c.remote_id, cu.name FROM conversations c "
                          "JOIN customers cu ON cu.id = c.customer_id "
                          "WHERE cu.name IS NOT NULL AND cu.name != '' "
                          "ORDER BY c.last_activity_at DESC LIMIT 2").fetchall()
        db.close()
        (front_number, _front_name), (number, name) = rows

        # 1. While the window is in front: the message reaches the app, and
        # neither it nor anything of the first sync is announced.
        wait_for("the window to be active", lambda: is_active(window), timeout=30)
        stamp = int(time.time()) % 100000
        in_front = f"Scrivo mentre guardate la finestra {stamp}"
        sandbox.incoming(front_number, in_front)
        wait_for("the message in the app's store", lambda: stored(home, in_front), timeout=60)
        calls = [e for e in read_log(log) if e["method"] == "Notify"]
        if calls:
            raise AssertionError(f"notified while the window was in front: {calls}")
        step += 1
        print(f"ok {step} - nothing is announced for the first sync nor while the window is in front")

        # 2. Another application takes the focus; the customer writes.
        thief = subprocess.Popen(["/usr/bin/python3", "-c", FOCUS_THIEF], stdout=subprocess.DEVNULL,
                                 env=dict(env, GTK_A11Y="none", GDK_BACKEND="x11", GSK_RENDERER="cairo"))
        wait_for("the window to lose the focus", lambda: not is_active(window), timeout=30)
        first_line = f"Buongiorno, il vaso blu è arrivato? {stamp}"
        sandbox.incoming(number, first_line + "\nSe sì passo domani.\nGrazie")

        # The app took the first message before the focus went away: had it
        # announced that one, its notification would already be here.
        notifies = wait_for("a notification",
                            lambda: [e for e in read_log(log) if e["method"] == "Notify"], timeout=60)
        if len(notifies) != 1:
            raise AssertionError(f"expected one notification, got {len(notifies)}: {notifies}")
        note = notifies[0]
        if note["summary"] != name:
            raise AssertionError(f"the notification's title is {note['summary']!r}, not the customer's name")
        if note["body"] != first_line:
            raise AssertionError(f"the notification's body is {note['body']!r}, not the first line")
        if "default" not in note["actions"]:
            raise AssertionError(f"the notification cannot be clicked: actions {note['actions']}")
        step += 1
        print(f"ok {step} - one notification: the customer's name and the first line of the message")

        # 3. Click it: the window comes back with that conversation open.
        bus.call_sync("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                      "io.github.bottega_chat.Test", "Click", GLib.Variant("(u)", (note["id"],)),
                      None, Gio.DBusCallFlags.NONE, 10000, None)
        wait_for("the window in front again", lambda: is_active(window), timeout=30)
        messages = wait_for("the conversation's messages", lambda: find(window, role="list", name="Messages"))
        wait_for("the customer's message in the open conversation",
                 lambda: [n for n in find_all(messages, role="label") if (n.name or "").startswith(first_line)],
                 timeout=30)
        step += 1
        print(f"ok {step} - clicking it brings the window back with conversation #{number} open")

        # 4. The notification was withdrawn.
        wait_for("the notification to be withdrawn",
                 lambda: [e for e in read_log(log) if e["method"] == "CloseNotification" and e["id"] == note["id"]],
                 timeout=30)
        step += 1
        print(f"ok {step} - the notification is withdrawn once the conversation is open")
    except (Timeout, AssertionError) as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        print("# notification server log: " + json.dumps(read_log(log), ensure_ascii=False))
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        status = app.quit() if app is not None else None
        for process in (thief, server):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if sandbox is not None:
            sandbox.stop()

    if status != 0:
        print(f"not ok {step + 1} - bottega exited with status {status} when asked to quit")
        return 1
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
