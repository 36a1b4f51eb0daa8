#!/usr/bin/python3
"""End to end: a conversation of 300 messages, longer than what the first
sync stores and than the 50 the view starts with. It opens on its newest
message; scrolling up with the wheel brings older ones (from the server
once the stored ones are shown); activating the quote of its third
message, not stored yet, fetches older pages until it is there and lands
the keyboard focus on it.

Usage: test-long-conversation.py BOTTEGA_BINARY BOTTEGACTL_BINARY   (prints TAP)"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pyatspi  # noqa: E402

import bottega_atspi  # noqa: E402
from bottega_atspi import App, Timeout, do_action, find, find_all, screenshot, wait_for  # noqa: E402
from sandbox_process import Sandbox, free_port  # noqa: E402

N = 300
QUOTED = 3


def text_of(i):
    return f"Messaggio lungo numero {i}"


def make_long(state_path):
    """Turns the first conversation of the sandbox's demo shop into N
    messages half an hour apart, the newest one quoting message QUOTED."""
    with open(state_path, encoding="utf-8") as f:
        shop = json.load(f)
    conversation = shop["conversations"][0]
    template = conversation["messages"][0] if conversation["messages"] else None
    now = int(time.time())
    first_id = shop["next_message_id"]
    messages = []
    for i in range(1, N + 1):
        message = dict(template) if template else {}
        message.update({
            "id": first_id + i - 1,
            "conversation_id": conversation["display_id"],
            "content": text_of(i),
            "message_type": 0 if i % 2 else 1,
            "content_type": "text",
            "status": "sent",
            "private": False,
            "created_at": now - (N - i) * 1800 - 60,
            "updated_at": now - (N - i) * 1800 - 60,
            "sender_type": "Contact" if i % 2 else "User",
            "sender_id": conversation["contact_id"] if i % 2 else 1,
            "content_attributes": {},
            "additional_attributes": {},
            "attachments": [],
        })
        messages.append(message)
    messages[-1]["content"] = "Come le dicevo qui sopra"
    messages[-1]["content_attributes"] = {"in_reply_to": first_id + QUOTED - 1}
    conversation["messages"] = messages
    conversation["status"] = "open"
    conversation["last_activity_at"] = now - 60
    conversation["updated_at"] = now - 60
    shop["next_message_id"] = first_id + N
    with open(state_path, "w", encoding="utf-8") as f:
        json.dump(shop, f)
    return conversation["display_id"]


def name_of(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def focused(node):
    try:
        return node.getState().contains(pyatspi.STATE_FOCUSED)
    except Exception:
        return False


def main():
    bottega, bottegactl = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp(prefix="bottega-e2e-long-")
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "SECRET_FILE_TEST_PATH": os.path.join(home, "keyring"),
    })
    state = os.path.join(home, "shop.json")
    port = free_port()
    print("1..3")
    step = 0
    app = None
    sandbox = Sandbox(bottegactl, env, state, port)
    try:
        sandbox.stop()
        display_id = make_long(state)
        sandbox = Sandbox(bottegactl, env, state, port)
        subprocess.run([bottegactl, "account", "add", "--url", sandbox.url], input=sandbox.token,
                       env=env, text=True, check=True, stdout=subprocess.DEVNULL)
        app = App(bottega, home)
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list",
                                 lambda: find(window, role="list", name="Conversations"))
        wait_for("synced rows", lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)
        conversations.querySelection().selectChild(0)
        wait_for(f"conversation #{display_id}",
                 lambda: find(window, role="label", name_contains=f"#{display_id} "), timeout=20)
        messages = wait_for("the messages", lambda: find(window, role="list", name="Messages"))
        wait_for("the newest message", lambda: find(messages, role="label", name="Come le dicevo qui sopra"),
                 timeout=20)
        step += 1
        print(f"ok {step} - conversation #{display_id} opens on its newest message")

        # Scroll up with the wheel, over the messages just above the reply
        # field, until a message older than the first pages shows.
        older = text_of(N - 60)
        composer = wait_for("the reply field", lambda: find(window, role="text", name="Reply"))
        x, y, w, h = composer.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        xid = bottega_atspi._x_window_of(bottega_atspi._toplevel(composer))
        deadline = time.time() + 90
        subprocess.run(["xdotool", "mousemove", "--window", xid, str(x + w // 2), str(y - 200)], check=True)
        while not find(messages, role="label", name=older):
            if time.time() > deadline:
                raise Timeout(f"“{older}” never came while scrolling up")
            for _ in range(10):
                subprocess.run(["xdotool", "click", "4"], check=True)
                time.sleep(0.03)
            time.sleep(0.2)
        step += 1
        print(f"ok {step} - scrolling up brings older messages from the server ({older})")

        # The quote jumps to message 3, far older than anything stored.
        quote = wait_for("the quote", lambda: find(messages, role="push button", name_contains="In reply to"))
        do_action(quote)

        def focused_quoted():
            for item in find_all(messages, role="list item"):
                if focused(item) and any(name_of(n) == text_of(QUOTED) for n in find_all(item, role="label")):
                    return item
            return None

        wait_for("the focus on the quoted message", focused_quoted, timeout=60)
        screenshot(os.path.join(home, "jumped.png"))
        step += 1
        print(f"ok {step} - the quote jumps to message {QUOTED}, fetched from the server")
    except Timeout as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        print(f"# left in {home}")
        return 1
    finally:
        status_code = app.quit() if app is not None else None
        sandbox.stop()

    if status_code != 0:
        print(f"not ok {step + 1} - bottega exited with status {status_code} when asked to quit")
        return 1
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
