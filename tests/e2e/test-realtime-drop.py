#!/usr/bin/python3
"""End to end: the websocket drops while ten customer messages arrive. All
ten show in the open conversation after the reconnect, without restarting
anything; and a message sent while connected arrives in realtime (the time
it took is reported, not asserted).

Usage: test-realtime-drop.py BOTTEGA BOTTEGACTL   (prints TAP)"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import App, Timeout, find, find_all, screenshot, wait_for  # noqa: E402
from sandbox_process import Sandbox, free_port  # noqa: E402


def main():
    bottega, bottegactl = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp(prefix="bottega-e2e-realtime-")
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "SECRET_FILE_TEST_PATH": os.path.join(home, "keyring"),
    })
    print("1..3")
    app = None
    sandbox = Sandbox(bottegactl, env, os.path.join(home, "shop.json"), free_port())
    try:
        subprocess.run([bottegactl, "account", "add", "--url", sandbox.url], input=sandbox.token,
                       env=env, text=True, check=True, stdout=subprocess.DEVNULL)
        app = App(bottega, home)
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list", lambda: find(window, role="list", name="Conversations"))
        wait_for("rows", lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)
        conversations.querySelection().selectChild(0)
        title = wait_for("the conversation's number",
                         lambda: [n for n in find_all(window, role="label") if (n.name or "").startswith("#")])
        number = int(title[0].name.split(" ")[0].lstrip("#"))
        messages = wait_for("the messages", lambda: find(window, role="list", name="Messages"))

        # Realtime: one message while connected (give the socket a moment).
        time.sleep(2)
        text = f"Ci siete oggi pomeriggio? {int(time.time()) % 100000}"
        started = time.monotonic()
        sandbox.incoming(number, text)
        wait_for("the message on screen", lambda: find(messages, role="label", name=text), timeout=30,
                 interval=0.02)
        print(f"ok 1 - a customer message is on screen {1000 * (time.monotonic() - started):.0f} ms "
              f"after the server took it")

        sandbox.drop_websockets(4)
        texts = [f"Messaggio {i} mentre la connessione era giù {int(time.time()) % 100000}" for i in range(10)]
        for t in texts:
            sandbox.incoming(number, t)
        print(f"ok 2 - the websocket was dropped and 10 messages arrived on the server meanwhile")

        def all_shown():
            # Rows are rebuilt as the pull fills the gap: a label may be gone
            # by the time its name is asked for; look again then.
            try:
                shown = {n.name for n in find_all(messages, role="label")}
            except Exception:
                return False
            return all(t in shown for t in texts)

        started = time.monotonic()
        wait_for("the ten messages in the open conversation", all_shown, timeout=90, interval=0.5)
        print(f"ok 3 - all ten are in the open conversation after the reconnect "
              f"({time.monotonic() - started:.1f} s), nothing restarted")
    except Timeout as error:
        screenshot(os.path.join(home, "failure.png"))
        print(f"not ok - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        if app is not None:
            app.quit()
        sandbox.stop()

    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
