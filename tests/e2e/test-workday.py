#!/usr/bin/python3
"""End to end: a shop assistant's working session in the demo shop, in one
run of `bottega --demo`, driven as a screen reader user would: through the
accessibility tree and the keyboard, the pointer nowhere.

 1. filter the list: Mine, Unassigned, All; Resolved, then Open again — the
    rows and the count in the list's subtitle follow each filter;
 2. search the messages (Ctrl+F): every result shows the word in bold;
 3. open a result with the keyboard: the conversation opens with the
    keyboard on the message found;
 4. Tab to the reply field, "/ora" + Enter inserts a canned response, Enter
    sends it: the bubble waits (the server answers slowly), then is sent;
 5. attach a picture through Attach Files (Ctrl+Shift+A) and send it with a
    caption;
 6. quote the customer's message (its Reply action) and send the answer;
 7. Ctrl+Shift+N: a private note, sent as one;
 8. Ctrl+Shift+L: add a label in the header's labels menu;
 9. F9: the customer pane reads the customer's name, phone, the labels
    (the new one too) and the note;
10. Ctrl+R resolves the conversation: it leaves the list of open ones;
11. another conversation is snoozed from its status menu;
12. after quitting, the demo shop's server holds each of these once.

Usage: test-workday.py BOTTEGA   (prints TAP)"""

import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bottega_atspi  # noqa: E402
from bottega_atspi import App, Timeout, do_action, find, find_all, press, screenshot, type_text  # noqa: E402
from console_steps import (DemoServer, activate_with_keyboard, bold_runs, bubble_of, bubble_tick,  # noqa: E402
                           choose_in_dropdown, count_label, db_rows, find_shown, focus_with_tab,
                           focused, fold, header_button, header_customer, header_number, inside,
                           list_count, load_demo_state, name_of, pressed, row_customer,
                           row_customers, shown, text_of, top_level, visible, wait_sent,
                           wait_until, write_png)

TESTS = 12
STARTED = time.monotonic()
SEARCH = "florenca"
CANNED_CODE = "orari"
SNOOZE_ITEM = "Tomorrow"


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="bottega-e2e-workday-")
    stamp = int(time.time()) % 100000
    caption = f"Ecco la foto della tiracolo nera ({stamp})"
    quoted = f"Perfetto, la teniamo da parte per lei ({stamp})"
    note = f"Nota interna: passa domani, tenere la tiracolo in negozio ({stamp})"
    picture = os.path.join(home, f"tiracolo-{stamp}.png")
    write_png(picture)
    print(f"1..{TESTS}")
    app = None
    step = 0
    facts = {}
    try:
        app = App(binary, home, args=["--demo"])
        window = wait_until("the main window", lambda: find(app.node, role="frame"), timeout=60)
        conversations = wait_until("the conversation list",
                                   lambda: find(window, role="list", name="Conversations"))
        wait_until("the demo shop's conversations",
                   lambda: len(find_all(conversations, role="list item")) > 3, timeout=60)
        print(f"# the demo shop is listed after {time.monotonic() - STARTED:.1f} s")
        me = db_rows(home, "SELECT user_id FROM accounts WHERE is_demo = 1")[0][0]
        server = DemoServer(home)
        # Messages the server holds from here on are this session's.
        facts["first_new_id"] = load_demo_state(home)["next_message_id"]

        # 1. Filters: the rows and the announced count follow them.
        def expected(status, assignee):
            where, args = ["c.status = ?"], [status]
            if assignee == "Mine":
                where.append("c.assignee_remote_id = ?")
                args.append(me)
            elif assignee == "Unassigned":
                where.append("c.assignee_remote_id = 0")
            rows = db_rows(home, "SELECT COALESCE(cu.name, '') FROM conversations c "
                                 "LEFT JOIN customers cu ON cu.id = c.customer_id "
                                 f"WHERE {' AND '.join(where)}", *args)
            return Counter(name for name, in rows)

        def list_follows(status, assignee):
            def check():
                wanted = expected(status, assignee)
                rows = Counter(row_customers(conversations))
                count = list_count(subtitle)
                if rows == wanted and count == sum(wanted.values()):
                    return count, rows
                return False, (f"subtitle says {count}, {sum(rows.values())} rows, "
                               f"{sum(wanted.values())} in the store; "
                               f"rows not expected: {dict(rows - wanted)}, missing: {dict(wanted - rows)}")
            return wait_until(f"the list of {assignee} {status} conversations", check, timeout=20)

        subtitle = wait_until("the list's count", lambda: count_label(window))
        status_filter = wait_until("the status filter", lambda: find(window, role="combo box", name="Status"))
        if not find(status_filter, role="label", name="Open"):
            raise Timeout("the list does not start on open conversations")
        seen = []
        previous = None
        for assignee, status, choice in (("Mine", "open", None), ("Unassigned", "open", None),
                                         ("All", "open", None), ("All", "resolved", "Resolved"),
                                         ("All", "open", "Open")):
            if choice is None:
                button = wait_until(f"the {assignee} filter",
                                    lambda: find(window, role="push button", name=assignee))
                do_action(button)
                wait_until(f"{assignee} pressed", lambda: pressed(button), timeout=10)
            else:
                choose_in_dropdown(app, status_filter, choice)
                wait_until(f"the status filter on {choice}",
                           lambda: find(status_filter, role="label", name=choice), timeout=10)
            count, rows = list_follows(status, assignee)
            if previous is not None and rows == previous:
                raise Timeout(f"{assignee}/{status} shows the same rows as the filter before")
            previous = rows
            seen.append(f"{assignee} {status}: {count}")
        step = passed(step, f"the rows and the subtitle follow the filters ({'; '.join(seen)})")

        # 2. Search the messages: each result shows the word found in bold.
        hits = db_rows(home, """
            SELECT m.id, cu.name, c.remote_id, m.content, c.status, c.assignee_remote_id, c.can_reply
            FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
            JOIN conversations c ON c.id = m.conversation_id
            JOIN customers cu ON cu.id = c.customer_id
            WHERE messages_fts MATCH ? ORDER BY m.created_at DESC, m.id DESC""", f'"{SEARCH}"*')
        targets = [hit for hit in hits if hit[4] == "open" and hit[5] == me and hit[6] == 1]
        if not targets:
            raise Timeout(f"no message with “{SEARCH}” in an open conversation of mine in the demo shop")
        facts["message_id"], facts["customer"], facts["number"], facts["found"] = targets[0][:4]
        press("ctrl+f")
        search = wait_until("the search entry", lambda: find(window, role="entry", name="Search Messages"))
        wait_until("the keyboard in the search entry", lambda: focused(search), timeout=10)
        type_text(SEARCH)
        results = wait_until("the search results", lambda: find(window, role="list", name="Search Results"))

        def all_results():
            rows = [results.getChildAtIndex(i) for i in range(results.childCount)]
            names = [name_of(r) for r in rows]
            wanted = [f"{hit[1]}, conversation {hit[2]}," for hit in hits]
            if len(names) == len(wanted) and all(n.startswith(w) for n, w in zip(names, wanted)):
                return rows
            return False, names
        result_rows = wait_until(f"the {len(hits)} messages with “{SEARCH}”", all_results, timeout=20)
        marked = []
        for row in result_rows:
            bold = [run for label in find_all(row, role="label") for run in bold_runs(label)]
            if not bold or any(not fold(run).startswith(SEARCH) for run in bold):
                raise Timeout(f"the result “{name_of(row)[:60]}” marks {bold} in bold")
            marked.extend(bold)
        step = passed(step, f"“{SEARCH}” finds {len(hits)} messages; each shows "
                            f"“{Counter(marked).most_common(1)[0][0]}” in bold")

        # 3. Enter goes to the results, the arrows to the one wanted, Enter
        # opens it: the keyboard lands on the message found.
        press("Return")
        wait_until("the keyboard on the first result", lambda: focused(results.getChildAtIndex(0)), timeout=10)
        index = [hit[0] for hit in hits].index(facts["message_id"])
        activate_with_keyboard(results.getChildAtIndex(index), "Down", "Return")
        wait_until(f"#{facts['number']} open",
                   lambda: (header_number(window), header_customer(window)) == (facts["number"], facts["customer"])
                   or (False, (header_number(window), header_customer(window))), timeout=20)
        messages = wait_until("the messages", lambda: find(window, role="list", name="Messages"))

        def focused_on_found():
            items = [item for item in find_all(messages, role="list item") if focused(item)]
            texts = [name_of(n) for item in items for n in find_all(item, role="label")]
            return facts["found"] in texts or (False, texts)
        wait_until("the keyboard on the message found", focused_on_found, timeout=20)
        step = passed(step, f"the result opens {facts['customer']}'s #{facts['number']} with the keyboard on "
                            f"“{facts['found'][:40]}…”")

        # 4. Tab to the reply field; "/ora" and Enter insert the canned
        # response, Enter sends it. The server answers slowly for a moment:
        # the bubble waits to be sent, then is sent.
        field = wait_until("the reply field", lambda: find_shown(window, role="text", name="Reply"))
        focus_with_tab(field, "the reply field")
        facts["canned"] = db_rows(home, "SELECT content FROM canned_responses WHERE short_code = ?",
                                  CANNED_CODE)[0][0]
        type_text("/" + CANNED_CODE[:3])
        popup = wait_until("the canned responses",
                           lambda: find_shown(app.node, role="list", name="Canned Responses"), timeout=10)
        wait_until(f"/{CANNED_CODE} among them",
                   lambda: [r for r in find_all(popup, role="list item")
                            if name_of(r).startswith("/" + CANNED_CODE)])
        if not focused(field):
            raise Timeout("the canned responses took the keyboard from the reply field")
        press("Return")
        wait_until("the canned response in the field",
                   lambda: text_of(field) == facts["canned"] or (False, text_of(field)), timeout=10)
        wait_until("the canned responses to close",
                   lambda: find_shown(app.node, role="list", name="Canned Responses") is None, timeout=10)
        server.faults(latency_ms=1500)
        try:
            press("Return")
            wait_until("the reply waiting to be sent",
                       lambda: (bubble := bubble_of(messages, facts["canned"])) is not None and
                       (bubble_tick(bubble) == "Waiting to be sent" or (False, bubble_tick(bubble))),
                       timeout=10)
            wait_until("the field to empty", lambda: text_of(field) == "", timeout=10)
        finally:
            server.faults(latency_ms=0)
        _, tick = wait_sent(messages, facts["canned"])
        step = passed(step, f"/{CANNED_CODE[:3]} + Enter inserts “{facts['canned'][:30]}…”; Enter sends it: "
                            f"the bubble goes “Waiting to be sent” → “{tick}”")

        # 5. Attach Files (Ctrl+Shift+A): the file chooser takes a path
        # typed after Ctrl+L; the picture waits in the tray and goes with
        # its caption.
        press("ctrl+shift+a")
        chooser = wait_until("the Attach Files window", lambda: top_level(app, "Attach Files"), timeout=15)
        press("ctrl+l")
        wait_until("the keyboard in the file name entry",
                   lambda: [n for n in find_all(chooser, role="text") if focused(n)], timeout=10)
        type_text(picture)
        press("Return")
        # The chooser closes: GTK 4.8 aborts when asked about a window
        # while it is being destroyed, so only the main window is read now.
        chooser = None
        tray = wait_until("the attachment tray", lambda: find_shown(window, name="Files to Send"), timeout=15)
        file_name = os.path.basename(picture)
        wait_until("the picture in the tray",
                   lambda: find(tray, role="push button", name=f"Remove “{file_name}”"), timeout=15)
        if text_of(field) != "":
            raise Timeout(f"the reply field holds “{text_of(field)[:40]}” instead of nothing")
        type_text(caption)
        wait_until("the caption typed", lambda: text_of(field) == caption or (False, text_of(field)), timeout=15)
        press("Return")
        wait_until("the tray to empty", lambda: not find_all(tray, role="push button"), timeout=15)
        wait_until("the field to empty", lambda: text_of(field) == "", timeout=15)
        bubble, tick = wait_sent(messages, caption)
        photo = wait_until("the picture in the bubble",
                           lambda: find(bubble_of(messages, caption), role="push button",
                                        name=f"Photo: {file_name}"), timeout=15)
        step = passed(step, f"Attach Files puts {file_name} in the tray; it is sent with its caption "
                            f"({name_of(photo)}, {tick})")

        # 6. Quote the customer's newest message with its Reply action.
        def newest_incoming():
            for button in reversed(find_all(messages, role="push button", name="Reply")):
                item = button.parent
                texts = [name_of(n) for n in find_all(item, role="label") if name_of(n)]
                if texts and bubble_tick(item) is None and "Private note" not in texts[0]:
                    return button, texts[0]
            return None
        reply_button, facts["quoted_text"] = wait_until("a customer's message to quote", newest_incoming)
        do_action(reply_button)
        wait_until("the quote named in the reply field",
                   lambda: (field.description or "").startswith(
                       f"Replying to {facts['customer']}: {facts['quoted_text'][:20]}")
                   or (False, field.description), timeout=10)
        wait_until("a way to cancel the quote",
                   lambda: find(window, role="push button", name="Cancel reply"), timeout=10)
        type_text(quoted)
        wait_until("the answer typed", lambda: text_of(field) == quoted or (False, text_of(field)), timeout=15)
        press("Return")
        wait_until("the quote to leave the reply field",
                   lambda: "Replying to" not in (field.description or ""), timeout=15)
        bubble, tick = wait_sent(messages, quoted)
        quote = wait_until("the quote in the answer's bubble",
                           lambda: find(bubble_of(messages, quoted), role="push button",
                                        name_contains="In reply to"), timeout=15)
        if facts["quoted_text"][:20] not in name_of(quote):
            raise Timeout(f"the bubble quotes “{name_of(quote)}”, not “{facts['quoted_text']}”")
        step = passed(step, f"Reply quotes “{facts['quoted_text'][:30]}…”; the answer is sent with "
                            f"its quote ({tick})")

        # 7. A private note: Ctrl+Shift+N, the field says so, Enter sends it.
        toggle = wait_until("the Private Note toggle",
                            lambda: find_shown(window, role="push button", name="Private Note"))
        press("ctrl+shift+n")
        wait_until("note mode on", lambda: pressed(toggle), timeout=10)
        wait_until("the field saying it writes a note",
                   lambda: (field.description or "").startswith("Private note"), timeout=10)
        type_text(note)
        wait_until("the note typed", lambda: text_of(field) == note or (False, text_of(field)), timeout=15)
        press("Return")
        wait_until("the field to empty", lambda: text_of(field) == "", timeout=15)
        bubble, tick = wait_sent(messages, note)
        marker = [name_of(n) for n in find_all(bubble_of(messages, note), role="label")
                  if name_of(n).startswith("Private note")]
        if not marker:
            raise Timeout("the note's bubble does not say it is a private note")
        press("ctrl+shift+n")
        wait_until("note mode off", lambda: not pressed(toggle), timeout=10)
        step = passed(step, f"Ctrl+Shift+N writes a private note; it is sent ({marker[0]}, {tick}); "
                            "Ctrl+Shift+N again turns it off")

        # 8. A label from the header's labels menu (Ctrl+Shift+L): Tab to it,
        # Space checks it.
        before = header_labels(window)
        press("ctrl+shift+l")
        boxes = wait_until("the labels menu",
                           lambda: [b for b in find_all(app.node, role="check box") if visible(b)], timeout=10)
        unchecked = [b for b in boxes if not pressed(b)]
        if not unchecked:
            raise Timeout(f"every label is on #{facts['number']} already")
        box = next((b for b in unchecked if name_of(b) == "vip"), unchecked[0])
        facts["label"] = name_of(box)
        activate_with_keyboard(box, "Tab", "space")
        wanted = before | {facts["label"]}
        wait_until("the label in the header",
                   lambda: header_labels(window) == wanted or (False, header_labels(window)), timeout=20)
        press("Escape")
        wait_until("the labels menu to close",
                   lambda: not [b for b in find_all(app.node, role="check box") if visible(b)], timeout=10)
        step = passed(step, f"the labels menu adds “{facts['label']}”; the header says "
                            f"“{name_of(header_button(window, 'Labels: '))}”")

        # 9. F9: the customer pane, read through the tree.
        def pane_on_screen():
            panes = [n for n in find_all(window, role="panel", name="Customer") if inside(n, window)]
            return panes[0] if panes else None

        if pane_on_screen() is not None:
            press("F9")
            wait_until("F9 to hide the customer pane", lambda: pane_on_screen() is None, timeout=10)
        press("F9")
        pane = wait_until("F9 to show the customer pane", pane_on_screen, timeout=10)
        phone, = db_rows(home, """
            SELECT cu.phone_number FROM conversations c JOIN customers cu ON cu.id = c.customer_id
            WHERE c.remote_id = ?""", facts["number"])[0]
        notes, = db_rows(home, """
            SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.remote_id = ? AND m.private = 1""", facts["number"])[0]

        def pane_reads():
            texts = [name_of(n) for n in find_all(pane, role="label") if shown(n)]
            on_screen = [name_of(n) for n in find_all(pane, role="label") if shown(n) and inside(n, pane)]
            table = find(pane, role="table", name="Labels of this conversation")
            labels = {name_of(n) for n in find_all(table, role="label")} if table is not None else set()
            contact = find(pane, role="list", name="Contact details")
            contact_texts = [name_of(n) for n in find_all(contact, role="label")] if contact else []
            count = f"{notes} private note{'s' if notes != 1 else ''} in this conversation"
            ok = (facts["customer"] in on_screen and phone in contact_texts and labels == wanted and
                  any(t.startswith(count) for t in texts) and note in texts)
            return (labels, count) if ok else (False, f"labels {labels}, contact {contact_texts}, {texts}")
        labels, count = wait_until("the customer, phone, labels and note in the pane", pane_reads, timeout=20)
        step = passed(step, f"F9 shows the customer pane: {facts['customer']}, {phone[:4]}…, "
                            f"labels {', '.join(sorted(labels))}, “{count}” and the note")

        # 10. Ctrl+R resolves the conversation: the header says so, and it
        # leaves the open conversations when the search ends.
        press("ctrl+r")
        wait_until("the header to say resolved",
                   lambda: name_of(header_button(window, "Status: ")) == "Status: Resolved", timeout=20)
        wait_until("the Reopen button", lambda: find(window, role="push button", name_contains="Reopen"),
                   timeout=10)
        press("ctrl+f")
        wait_until("the keyboard in the search entry", lambda: focused(search), timeout=10)
        press("Escape")
        wait_until("the conversation list back", lambda: shown(conversations), timeout=10)
        wait_until(f"#{facts['number']} resolved in the store",
                   lambda: db_rows(home, "SELECT status FROM conversations WHERE remote_id = ?",
                                   facts["number"])[0][0] == "resolved", timeout=20)
        count, _ = list_follows("open", "All")
        step = passed(step, f"Ctrl+R resolves #{facts['number']}; the list of open conversations "
                            f"has {count} left")

        # 11. Escape left the keyboard on a row of the list: Enter opens that
        # conversation, its status menu snoozes it.
        row = wait_until("the keyboard on a row of the list",
                         lambda: next((conversations.getChildAtIndex(i) for i in range(conversations.childCount)
                                       if focused(conversations.getChildAtIndex(i))), None), timeout=10)
        customer = row_customer(row)
        press("Return")
        wait_until(f"{customer}'s conversation open",
                   lambda: header_customer(window) == customer and header_number(window) != facts["number"]
                   or (False, (header_customer(window), header_number(window))), timeout=20)
        facts["snoozed"] = header_number(window)
        status_button = wait_until("the status menu", lambda: header_button(window, "Status: "))
        if name_of(status_button) != "Status: Open":
            raise Timeout(f"#{facts['snoozed']} is not open: {name_of(status_button)}")
        do_action(status_button)
        item = wait_until("the snooze item",
                          lambda: find(app.node, role="menu item", name_contains=SNOOZE_ITEM), timeout=10)
        activate_with_keyboard(item, "Down", "Return")
        wait_until("the header to say snoozed",
                   lambda: name_of(header_button(window, "Status: ")).startswith("Status: Snoozed until"),
                   timeout=20)
        facts["snoozed_status"] = name_of(header_button(window, "Status: "))
        wait_until(f"#{facts['snoozed']} snoozed in the store",
                   lambda: db_rows(home, "SELECT status FROM conversations WHERE remote_id = ?",
                                   facts["snoozed"])[0][0] == "snoozed", timeout=20)
        count, _ = list_follows("open", "All")
        step = passed(step, f"#{facts['snoozed']} is snoozed from its status menu "
                            f"({customer}: {facts['snoozed_status']}); {count} open conversations left")
    except Exception as error:  # a step failed: say which, and show the screen
        shot = os.path.join(home, "failure.png")
        screenshot(shot)
        what = str(error) if isinstance(error, AssertionError) else f"{type(error).__name__}: {error}"
        print(f"not ok {step + 1} - {what}")
        if app is not None:
            print("# " + app.output().replace("\n", "\n# "))
        print(f"# screenshot: {shot}")
        return 1
    finally:
        status = app.quit() if app is not None else None

    if status != 0:
        print(f"not ok {TESTS} - bottega exited with status {status} when asked to quit")
        return 1

    # 12. The demo shop's server, as saved when the app quit.
    problems = check_server(home, facts, caption, quoted, note, picture)
    if problems:
        print(f"not ok {TESTS} - the demo shop's server: " + "; ".join(problems))
        print(f"# left in {home}")
        return 1
    print(f"ok {TESTS} - the server holds the canned reply, the picture with its caption, the quoted "
          f"answer (in_reply_to), the private note and the label “{facts['label']}” once each; "
          f"#{facts['number']} is resolved, #{facts['snoozed']} snoozed "
          f"({time.monotonic() - STARTED:.0f} s)")
    if os.environ.get("BOTTEGA_E2E_KEEP"):
        print(f"# left in {home}")
    else:
        shutil.rmtree(home, ignore_errors=True)
    return 0


def passed(step, what):
    """Prints the next step's "ok" line, and when it ended; returns its number."""
    step += 1
    print(f"ok {step} - {what}")
    print(f"# {time.monotonic() - STARTED:.1f} s")
    return step


def header_labels(window):
    """The labels the header's labels menu button names ("Labels: a, b")."""
    name = name_of(header_button(window, "Labels: "))[len("Labels: "):]
    return set() if name in ("", "none") else set(name.split(", "))


def check_server(home, facts, caption, quoted, note, picture):
    state = load_demo_state(home)
    by_number = {c["display_id"]: c for c in state["conversations"]}
    conversation = by_number.get(facts["number"])
    snoozed = by_number.get(facts["snoozed"])
    if conversation is None or snoozed is None:
        return [f"#{facts['number']} or #{facts['snoozed']} is missing"]
    messages = conversation["messages"]
    problems = []

    def once(content, what):
        found = [m for m in messages if m.get("content") == content]
        if len(found) != 1:
            problems.append(f"{what} saved {len(found)} times")
            return None
        if found[0].get("message_type") != 1:
            problems.append(f"{what} is not an outgoing message")
        return found[0]

    canned = once(facts["canned"], "the canned reply")
    if canned is not None and canned.get("private"):
        problems.append("the canned reply is private")
    photo = once(caption, "the picture's message")
    if photo is not None:
        attachments = photo.get("attachments") or []
        if len(attachments) != 1 or attachments[0].get("content_type") != "image/png" or \
                attachments[0].get("filename") != os.path.basename(picture) or \
                int(attachments[0].get("file_size") or 0) != os.path.getsize(picture):
            problems.append(f"the picture arrived as {attachments}")
    answer = once(quoted, "the quoted answer")
    if answer is not None:
        in_reply_to = (answer.get("content_attributes") or {}).get("in_reply_to")
        target = [m for m in messages if m.get("id") == in_reply_to]
        if not target or target[0].get("content") != facts["quoted_text"] or target[0].get("message_type") != 0:
            problems.append(f"the answer's in_reply_to ({in_reply_to}) is not the customer's message quoted")
    private = once(note, "the private note")
    if private is not None and private.get("private") is not True:
        problems.append("the note is not private")

    # Nothing else went out, and the labels changed once.
    new = [m for m in messages if (m.get("id") or 0) >= facts["first_new_id"]]
    sent = [m.get("content") for m in new if m.get("message_type") == 1]
    if sent != [facts["canned"], caption, quoted, note]:
        problems.append(f"the session's outgoing messages are {[text[:20] for text in sent]}")
    labels = conversation.get("labels") or []
    if labels.count(facts["label"]) != 1:
        problems.append(f"#{facts['number']} has the labels {labels}")
    changes = [m.get("content") for m in new if m.get("message_type") == 2 and
               re.search(r" (added|removed) ", m.get("content") or "")]
    if len(changes) != 1 or not changes[0].endswith(f" added {facts['label']}"):
        problems.append(f"the label changes recorded: {changes}")
    if conversation.get("status") != "resolved":
        problems.append(f"#{facts['number']} is {conversation.get('status')}")
    if snoozed.get("status") != "snoozed" or (snoozed.get("snoozed_until") or 0) <= time.time():
        problems.append(f"#{facts['snoozed']} is {snoozed.get('status')} until {snoozed.get('snoozed_until')}")
    return problems


if __name__ == "__main__":
    sys.exit(bottega_atspi.run(main))
