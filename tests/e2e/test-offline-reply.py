#!/usr/bin/python3
"""End to end: a reply written while the server is away. The real `bottega`
connected to a `bottegactl sandbox` in another process; the server stops,
the reply is typed and sent with Enter, shows as waiting with the offline
banner counting it, and turns sent once the server is back — once.

Usage: test-offline-reply.py BOTTEGA BOTTEGACTL   (prints TAP)"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import (App, Timeout, find, find_all, press,  # noqa: E402
                           screenshot, type_text, wait_for)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sandbox:
    def __init__(self, bottegactl, env, state, port):
        self.process = subprocess.Popen([bottegactl, "sandbox", "--port", str(port), "--state", state],
                                        env=env, stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        self.token = self.process.stdout.readline().split(":", 1)[1].strip()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=15)


def count_in_state(state_path, text):
    with open(state_path, encoding="utf-8") as f:
        state = json.load(f)
    count = 0

    def visit(node):
        nonlocal count
        if isinstance(node, dict):
            if node.get("content") == text and "message_type" in node:
                count += 1
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(state)
    return count


def main():
    bottega, bottegactl = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp(prefix="bottega-e2e-offline-")
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "SECRET_FILE_TEST_PATH": os.path.join(home, "keyring"),
    })
    state = os.path.join(home, "shop.json")
    port = free_port()
    reply = f"Riapriamo alle 15, a dopo {int(time.time()) % 100000}"
    print("1..5")
    step = 0
    app = None
    sandbox = Sandbox(bottegactl, env, state, port)
    try:
        subprocess.run([bottegactl, "account", "add", "--url", sandbox.url], input=sandbox.token,
                       env=env, text=True, check=True, stdout=subprocess.DEVNULL)
        app = App(bottega, home)
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list",
                                 lambda: find(window, role="list", name="Conversations"))
        wait_for("synced rows", lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)
        step += 1
        print(f"ok {step} - the account's conversations are listed")

        sandbox.stop()
        conversations.querySelection().selectChild(0)
        messages = wait_for("the messages", lambda: find(window, role="list", name="Messages"))
        wait_for("messages in the conversation", lambda: messages.childCount > 0)
        composer = wait_for("the reply field", lambda: find(window, role="text", name="Reply"))
        wait_for("focus in the reply field",
                 lambda: composer.getState().contains(pyatspi.STATE_FOCUSED), timeout=10)
        type_text(reply)
        wait_for("the typed text", lambda: reply in composer.queryText().getText(0, -1), timeout=20)
        press("Return")
        step += 1
        print(f"ok {step} - with the server stopped, a reply is typed and sent with Enter")

        bubble = wait_for("the reply in the conversation",
                          lambda: find(messages, role="label", name=reply), timeout=15).parent
        wait_for("the waiting clock on the reply",
                 lambda: find(bubble, role="image", name="Waiting to be sent"), timeout=15)
        banner = wait_for("the offline banner counting the reply",
                          lambda: find(window, role="label", name_contains="1 reply waits"), timeout=30)
        screenshot(os.environ.get("BOTTEGA_E2E_SHOT", os.path.join(home, "offline.png")))
        step += 1
        print(f"ok {step} - the reply waits, and the banner says so: {banner.name}")

        sandbox = Sandbox(bottegactl, env, state, port)
        wait_for("the sent tick on the reply",
                 lambda: find(bubble, role="image", name="Sent"), timeout=90)
        wait_for("the banner to go", lambda: not find(window, role="label", name_contains="waits to be sent"),
                 timeout=30)
        step += 1
        print(f"ok {step} - the server is back: the reply turns sent and the banner goes")
    except Timeout as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        if app is not None:
            app.quit()
        if sandbox.process.poll() is None:
            sandbox.stop()

    count = count_in_state(state, reply)
    if count != 1:
        print(f"not ok 5 - the server holds the reply {count} times")
        return 1
    print("ok 5 - the server holds the reply exactly once")
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
