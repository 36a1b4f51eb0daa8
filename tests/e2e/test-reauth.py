#!/usr/bin/python3
"""End to end: the access token is revoked. The account says it needs
signing in again, every conversation and the queued reply are kept, and
after entering the new token through "Sign In…" the reply is delivered,
once.

Usage: test-reauth.py BOTTEGA BOTTEGACTL   (prints TAP)"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import (App, Timeout, click, do_action, find, find_all,  # noqa: E402
                           press, screenshot, type_text, wait_for)
from sandbox_process import Sandbox, free_port, replace_token  # noqa: E402

NEW_TOKEN = "nuovo-token-dopo-la-revoca-42"


def main():
    bottega, bottegactl = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp(prefix="bottega-e2e-reauth-")
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "SECRET_FILE_TEST_PATH": os.path.join(home, "keyring"),
    })
    state = os.path.join(home, "shop.json")
    reply = f"Le scrivo appena arriva il corriere {int(time.time()) % 100000}"
    print("1..4")
    app = None
    sandbox = Sandbox(bottegactl, env, state, free_port())
    try:
        subprocess.run([bottegactl, "account", "add", "--url", sandbox.url], input=sandbox.token,
                       env=env, text=True, check=True, stdout=subprocess.DEVNULL)
        app = App(bottega, home)
        window = wait_for("the main window", lambda: find(app.node, role="frame"))
        conversations = wait_for("the conversation list", lambda: find(window, role="list", name="Conversations"))
        wait_for("rows", lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)
        rows_before = len(find_all(conversations, role="list item"))

        # The server now only takes another token.
        sandbox.stop()
        replace_token(state, NEW_TOKEN)
        sandbox = sandbox.restart()

        conversations.querySelection().selectChild(0)
        title = wait_for("the conversation's number",
                         lambda: [n for n in find_all(window, role="label") if (n.name or "").startswith("#")])
        number = int(title[0].name.split(" ")[0].lstrip("#"))
        composer = wait_for("the reply field", lambda: find(window, role="text", name="Reply"))
        wait_for("focus in the reply field", lambda: composer.getState().contains(pyatspi.STATE_FOCUSED))
        type_text(reply)
        wait_for("the typed reply", lambda: reply in composer.queryText().getText(0, -1))
        press("Return")
        print("ok 1 - a reply is written after the token was revoked")

        banner = wait_for("the sign-in banner",
                          lambda: find(window, role="label", name_contains="refused the access token"), timeout=60)
        sign_in = wait_for("the Sign In button", lambda: find(window, role="push button", name_contains="Sign In"))
        messages = find(window, role="list", name="Messages")
        bubble = wait_for("the reply, waiting", lambda: find(messages, role="label", name=reply)).parent
        wait_for("its waiting tick", lambda: find(bubble, role="image", name="Waiting to be sent"))
        rows_now = len(find_all(conversations, role="list item"))
        print(f"ok 2 - the account asks to sign in again ({banner.name[:50]}…); "
              f"{rows_now} of {rows_before} rows still listed, the reply waits")

        do_action(sign_in)
        def sign_in_window():
            for i in range(app.node.childCount):
                top = app.node.getChildAtIndex(i)
                if top is not None and find(top, role="text", name="Access Token"):
                    return top
            return None

        dialog = wait_for("the sign-in dialog", sign_in_window)
        print(f"# the dialog: {dialog.getRoleName()} {dialog.name!r}")
        secret = wait_for("the token field", lambda: find(dialog, role="text", name="Access Token"))
        click(secret)
        type_text(NEW_TOKEN)
        press("Return")
        print("ok 3 - the new token is entered")

        wait_for("the reply sent", lambda: find(bubble, role="image", name="Sent"), timeout=60)
        wait_for("the banner to go",
                 lambda: not find(window, role="label", name_contains="refused the access token"), timeout=30)
        count = sandbox.count(number, reply)
        if count != 1:
            print(f"not ok 4 - the server holds the reply {count} times")
            return 1
        print("ok 4 - the reply is delivered once and the banner is gone")
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
