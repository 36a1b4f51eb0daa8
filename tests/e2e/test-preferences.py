#!/usr/bin/python3
"""End to end: the preferences (Ctrl+comma), as a shop's staff use them.

- General, by keyboard alone: switching "Enter Sends the Reply" off makes
  Enter start a new line in the reply and Ctrl+Enter send it; the choice is
  still there after a restart.
- Accounts: "Reset Demo Shop…" asks first, then the demo shop starts over
  (the reply sent into it is gone); a Chatwoot account offers "Sign In
  Again…" (the token dialog) and "Add Account…" the connect dialog; its
  catalog comes from a product feed file chosen in the file chooser;
  "Remove…" says what goes (this computer's copy and the keyring's token,
  nothing on the server), then the account and its conversations are gone;
  removing the last account brings back the welcome page and deletes the
  demo shop's saved state.

Usage: test-preferences.py BOTTEGA BOTTEGACTL   (prints TAP)"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi
from gi.repository import GLib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import (App, Timeout, click, do_action, find, find_all,  # noqa: E402
                           press, screenshot, type_text, wait_for)
from sandbox_process import Sandbox, free_port  # noqa: E402

HOME = tempfile.mkdtemp(prefix="bottega-e2e-preferences-")
PLAN = 9


def top_level(app, predicate):
    """The app's top-level window for which @predicate holds."""
    for i in range(app.node.childCount):
        top = app.node.getChildAtIndex(i)
        try:
            if top is not None and predicate(top):
                return top
        except Exception:
            continue
    return None


def preferences(app):
    return top_level(app, lambda top: top.name == "Preferences")


def open_preferences(app):
    press("ctrl+comma")
    return wait_for("the preferences", lambda: preferences(app))


def let_go():
    """GTK 4.8 raises a critical (fatal in these tests) when the tree is
    walked while a window is being destroyed: after closing one, wait before
    looking at the app's windows again."""
    time.sleep(1.5)


def close_preferences(app, window):
    """The header bar's Close button (Escape does the same, but with no
    window manager on Xvfb the keyboard goes to the window under the
    pointer once a dialog has closed)."""
    do_action(wait_for("the Close button", lambda: find(window, role="push button", name="Close")))
    let_go()
    wait_for("the preferences to close", lambda: preferences(app) is None, timeout=10)


def show_page(window, title):
    tab = wait_for(f"the {title} tab", lambda: find(window, role="page tab", name=title))
    click(tab)
    return tab


def dialog_button(app, label):
    """A response button of the open message dialog (its name may repeat
    its label, GTK 4.8 does that)."""
    def search():
        for i in range(app.node.childCount):
            top = app.node.getChildAtIndex(i)
            if top is None or top.name in ("Bottega", "Preferences"):
                continue
            for button in find_all(top, role="push button"):
                if (button.name or "").replace("_", "").split(" ")[0] == label:
                    return top, button
        return None
    return wait_for(f"the dialog's “{label}” button", search)


def is_checked(node):
    return node.getState().contains(pyatspi.STATE_CHECKED)


def is_focused(node):
    return node.getState().contains(pyatspi.STATE_FOCUSED)


def conversation_list(window):
    lists = [n for n in find_all(window, role="list", name="Conversations")
             if len(find_all(n, role="list item")) > 3]
    return lists[0] if lists else None


def rows(window):
    found = conversation_list(window)
    return len(find_all(found, role="list item")) if found else 0


def account_group(window, text):
    """The preferences group of an account, found by a line it shows."""
    # The group is the innermost named panel holding the line and buttons.
    # Groups are rebuilt when accounts change: a walk that meets a widget
    # on its way out counts as not found.
    try:
        found = [panel for panel in find_all(window, role="panel")
                 if panel.name and find(panel, role="label", name_contains=text)
                 and find(panel, role="push button")]
        found.sort(key=lambda panel: len(find_all(panel, role="push button")))
    except GLib.Error:
        return None
    return found[0] if found else None


def group_gone(window, text):
    """True once a complete walk finds no group showing @text."""
    try:
        for panel in find_all(window, role="panel"):
            if panel.name and find(panel, role="label", name_contains=text) and find(panel, role="push button"):
                return False
    except GLib.Error:
        return False
    return True


def keyring_token(env, url):
    """The token the keyring holds for @url, or None (libsecret's file
    backend, read in a process of its own as the app would)."""
    script = ("import gi, sys\n"
              "gi.require_version('Secret', '1')\n"
              "from gi.repository import Secret\n"
              "schema = Secret.Schema.new('io.github.bottega_chat.Bottega.Token', Secret.SchemaFlags.NONE,\n"
              "    {'url': Secret.SchemaAttributeType.STRING, 'account': Secret.SchemaAttributeType.STRING})\n"
              "token = Secret.password_lookup_sync(schema, {'url': sys.argv[1]}, None)\n"
              "print('none' if token is None else 'some')\n")
    run = subprocess.run(["/usr/bin/python3", "-c", script, url], env=env, text=True,
                         stdout=subprocess.PIPE, check=True)
    return None if run.stdout.strip() == "none" else run.stdout.strip()


def main():
    bottega, bottegactl = sys.argv[1], sys.argv[2]
    env = {"GSETTINGS_BACKEND": "keyfile"}
    step = 0
    app = None
    sandbox = None
    reply_first = f"Riga uno {int(time.time()) % 100000}"
    reply_second = "riga due"
    print(f"1..{PLAN}")
    try:
        # ---- General, by keyboard ----
        app = App(bottega, HOME, args=["--demo"], env=env)
        window = wait_for("the main window", lambda: find(app.node, role="frame", name="Bottega"))
        wait_for("the demo shop's conversations", lambda: conversation_list(window), timeout=60)

        prefs = open_preferences(app)
        switch = wait_for("the Enter switch",
                          lambda: find(prefs, role="check box", name="Enter Sends the Reply"))
        if not is_checked(switch):
            raise AssertionError("Enter does not send by default")
        for _ in range(25):
            if is_focused(switch):
                break
            press("Tab")
            time.sleep(0.2)
        if not is_focused(switch):
            raise AssertionError("Tab never reaches the Enter switch")
        press("space")
        wait_for("the switch off", lambda: not is_checked(switch), timeout=5)
        step += 1
        print(f"ok {step} - Tab reaches “{switch.name}” and Space switches it off")

        press("Escape")
        prefs = switch = None
        let_go()
        wait_for("the preferences to close", lambda: preferences(app) is None, timeout=10)
        conversation_list(window).querySelection().selectChild(0)
        composer = wait_for("the reply field", lambda: find(window, role="text", name="Reply"))
        wait_for("focus in the reply field", lambda: is_focused(composer))
        type_text(reply_first)
        press("Return")
        type_text(reply_second)
        text = wait_for("both lines in the reply field",
                        lambda: reply_second in composer.queryText().getText(0, -1) and
                        composer.queryText().getText(0, -1))
        if f"{reply_first}\n{reply_second}" not in text:
            raise AssertionError(f"Enter did not start a new line: {text!r}")
        messages = find(window, role="list", name="Messages")
        if find(messages, role="label", name_contains=reply_first):
            raise AssertionError("Enter sent the reply although it should not")
        press("ctrl+Return")
        wait_for("the reply in the conversation",
                 lambda: find(find(window, role="list", name="Messages"), role="label", name_contains=reply_first),
                 timeout=30)
        step += 1
        print(f"ok {step} - with the switch off Enter starts a new line and Ctrl+Enter sends")

        # ---- Reset Demo Shop… ----
        prefs = open_preferences(app)
        show_page(prefs, "Accounts")
        reset = wait_for("Reset Demo Shop…",
                         lambda: find(prefs, role="push button", name_contains="Reset Demo Shop…"))
        do_action(reset)
        dialog, confirm = dialog_button(app, "Reset")
        if not find(dialog, role="label", name_contains="other accounts are not touched"):
            raise AssertionError("the reset dialog does not say what happens")
        do_action(confirm)
        dialog = confirm = None
        wait_for("the toast", lambda: find(prefs, role="label", name_contains="demo shop starts over"), timeout=30)
        close_preferences(app, prefs)
        wait_for("the new demo shop's conversations", lambda: rows(window) > 3, timeout=60)
        wait_for("the reply gone", lambda: not find(window, name_contains=reply_first), timeout=30)
        step += 1
        print(f"ok {step} - after asking, the demo shop starts over: {rows(window)} conversations, the reply is gone")
        app.quit()
        app = None

        # ---- a Chatwoot account beside the demo shop ----
        sandbox_env = dict(os.environ)
        sandbox_env.update({
            "XDG_DATA_HOME": os.path.join(HOME, "data"),
            "XDG_CACHE_HOME": os.path.join(HOME, "cache"),
            "XDG_CONFIG_HOME": os.path.join(HOME, "config"),
            "SECRET_FILE_TEST_PATH": os.path.join(HOME, "keyring"),
        })
        sandbox = Sandbox(bottegactl, sandbox_env, os.path.join(HOME, "shop.json"), free_port())
        subprocess.run([bottegactl, "account", "add", "--url", sandbox.url], input=sandbox.token,
                       env=sandbox_env, text=True, check=True, stdout=subprocess.DEVNULL)

        app = App(bottega, HOME, env=env)
        window = wait_for("the main window", lambda: find(app.node, role="frame", name="Bottega"))
        both = wait_for("both accounts' conversations", lambda: rows(window) >= 40 and rows(window), timeout=90)
        prefs = open_preferences(app)
        switch = wait_for("the Enter switch", lambda: find(prefs, role="check box", name="Enter Sends the Reply"))
        if is_checked(switch):
            raise AssertionError("“Enter Sends the Reply” is on again after the restart")
        step += 1
        print(f"ok {step} - after a restart “Enter Sends the Reply” is still off")

        show_page(prefs, "Accounts")
        group = wait_for("the Chatwoot account's group", lambda: account_group(prefs, sandbox.url))
        sign_in = find(group, role="push button", name_contains="Sign In Again…")
        if sign_in is None or find(group, role="push button", name_contains="Reset Demo Shop"):
            raise AssertionError("the Chatwoot account does not offer “Sign In Again…” (only)")
        do_action(sign_in)
        token_dialog = wait_for("the sign-in dialog",
                                lambda: top_level(app, lambda top: find(top, role="text", name="Access Token")))
        if token_dialog.name != "Sign In Again":
            raise AssertionError(f"“Sign In Again…” opened “{token_dialog.name}”")
        press("Escape")
        token_dialog = None
        let_go()
        wait_for("the sign-in dialog to close",
                 lambda: top_level(app, lambda top: top.name == "Sign In Again") is None, timeout=10)

        do_action(wait_for("Add Account…", lambda: find(prefs, role="push button", name_contains="Add Account…")))
        connect = wait_for("the connect dialog",
                           lambda: top_level(app, lambda top: top.name == "Connect to Chatwoot"))
        if not find(connect, role="text", name="Server Address"):
            raise AssertionError("“Add Account…” did not open the connect dialog")
        press("Escape")
        connect = None
        let_go()
        wait_for("the connect dialog to close",
                 lambda: top_level(app, lambda top: top.name == "Connect to Chatwoot") is None, timeout=10)
        step += 1
        print(f"ok {step} - “Sign In Again…” asks for a new token and “Add Account…” opens the connect dialog")

        # ---- the Chatwoot account's catalog: a product feed file ----
        feed = os.path.join(HOME, "listino.csv")
        with open(feed, "w", encoding="utf-8") as f:
            f.write("id,title,description,availability,price,link,brand\n"
                    "TAZ-01,Tazza in ceramica,Dipinta a mano,in stock,12.50 EUR,https://example.com/t1,Bottega\n"
                    "TAZ-02,Piatto fondo,Ceramica di Deruta,in stock,18.00 EUR,https://example.com/t2,Bottega\n"
                    "TAZ-03,Brocca,,out of stock,not a price,https://example.com/t3,Bottega\n")
        show_page(prefs, "Catalog")
        source = wait_for("the Chatwoot account's catalog source", lambda: find(prefs, role="combo box", name="Source"))
        click(source)
        time.sleep(1)
        press("Down")
        press("Down")
        press("Return")
        choose = wait_for("the feed file's Choose… button",
                          lambda: find(prefs, role="push button", name_contains="Choose…"))
        do_action(choose)
        chooser = wait_for("the file chooser",
                           lambda: top_level(app, lambda top: top.name == "Choose a Product Feed"))
        press("ctrl+l")
        wait_for("the keyboard in the file name entry",
                 lambda: [n for n in find_all(chooser, role="text") if is_focused(n)], timeout=10)
        type_text(feed)
        press("Return")
        # The chooser closes: only the preferences are read from now on.
        chooser = None
        imported = wait_for("the import's toast",
                            lambda: find(prefs, role="label", name_contains="The catalog has 2 products"), timeout=60)
        wait_for("the products row",
                 lambda: find(prefs, role="label", name_contains="2 products — Updated"), timeout=30)
        step += 1
        print(f"ok {step} - a product feed file becomes the account's catalog: “{imported.name}”")

        # ---- Remove… ----
        show_page(prefs, "Accounts")
        if keyring_token(sandbox_env, sandbox.url) is None:
            raise AssertionError("the account's token is not in the keyring to begin with")
        group = wait_for("the Chatwoot account's group", lambda: account_group(prefs, sandbox.url))
        do_action(find(group, role="push button", name_contains="Remove…"))
        dialog, confirm = dialog_button(app, "Remove")
        for words in ("keyring", "Nothing is deleted on the server"):
            if not find(dialog, role="label", name_contains=words):
                raise AssertionError(f"the remove dialog does not mention “{words}”")
        do_action(confirm)
        wait_for("the account's group to go", lambda: group_gone(prefs, sandbox.url), timeout=30)
        wait_for("its conversations to go", lambda: 0 < rows(window) < both, timeout=30)
        step += 1
        print(f"ok {step} - after asking, the account is removed: {rows(window)} of {both} conversations left")

        listed = subprocess.run([bottegactl, "account", "list"], env=sandbox_env, text=True,
                                stdout=subprocess.PIPE, check=True).stdout
        if sandbox.url in listed:
            raise AssertionError(f"bottegactl still lists the account: {listed.strip()}")
        if keyring_token(sandbox_env, sandbox.url) is not None:
            raise AssertionError("the account's token is still in the keyring")
        step += 1
        print(f"ok {step} - neither bottegactl nor the keyring know the account any more")
        sandbox.stop()
        sandbox = None

        # ---- the last account ----
        group = wait_for("the demo shop's group",
                         lambda: account_group(prefs, "The demo shop runs on this computer"))
        do_action(find(group, role="push button", name_contains="Remove…"))
        dialog, confirm = dialog_button(app, "Remove")
        do_action(confirm)
        wait_for("the demo shop's group to go",
                 lambda: group_gone(prefs, "The demo shop runs on this computer"), timeout=30)
        press("Escape")
        wait_for("the welcome page", lambda: find(window, role="label", name="Welcome to Bottega"), timeout=30)
        state = os.path.join(HOME, "data", "bottega", "demo-shop.json")
        if os.path.exists(state):
            raise AssertionError("the demo shop's saved state is still there")
        step += 1
        print(f"ok {step} - with no account left the welcome page is back and the demo shop's state is deleted")
        return 0
    except (AssertionError, Timeout, subprocess.CalledProcessError) as error:
        screenshot(os.path.join(HOME, "failure.png"))
        print(f"not ok {step + 1} - {error}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        return 1
    finally:
        if app is not None:
            app.quit()
        if sandbox is not None:
            sandbox.stop()


if __name__ == "__main__":
    status = bottega_atspi.run(main)
    if os.environ.get("BOTTEGA_KEEP_E2E") is None:
        shutil.rmtree(HOME, ignore_errors=True)
    sys.exit(status)
