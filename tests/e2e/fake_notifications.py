#!/usr/bin/python3
"""A stand-in for the desktop's notification server on the test's private
session bus: it owns org.freedesktop.Notifications (the server GLib's
GNotification talks to outside GNOME and Flatpak), records every call as
one JSON line in LOG_FILE, and clicks a notification when asked
(io.github.bottega_chat.Test.Click(id) emits ActionInvoked(id, "default"),
as a person clicking the banner does).

Usage: fake_notifications.py LOG_FILE   (prints "ready" once it owns the name)"""

import json
import sys

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"

XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" name="app_name" direction="in"/>
      <arg type="u" name="replaces_id" direction="in"/>
      <arg type="s" name="app_icon" direction="in"/>
      <arg type="s" name="summary" direction="in"/>
      <arg type="s" name="body" direction="in"/>
      <arg type="as" name="actions" direction="in"/>
      <arg type="a{sv}" name="hints" direction="in"/>
      <arg type="i" name="expire_timeout" direction="in"/>
      <arg type="u" name="id" direction="out"/>
    </method>
    <method name="CloseNotification">
      <arg type="u" name="id" direction="in"/>
    </method>
    <method name="GetCapabilities">
      <arg type="as" name="capabilities" direction="out"/>
    </method>
    <method name="GetServerInformation">
      <arg type="s" name="name" direction="out"/>
      <arg type="s" name="vendor" direction="out"/>
      <arg type="s" name="version" direction="out"/>
      <arg type="s" name="spec_version" direction="out"/>
    </method>
    <signal name="NotificationClosed">
      <arg type="u" name="id"/>
      <arg type="u" name="reason"/>
    </signal>
    <signal name="ActionInvoked">
      <arg type="u" name="id"/>
      <arg type="s" name="action_key"/>
    </signal>
  </interface>
  <interface name="io.github.bottega_chat.Test">
    <method name="Click">
      <arg type="u" name="id" direction="in"/>
    </method>
  </interface>
</node>
"""


class Server:
    def __init__(self, log_path):
        self.log = open(log_path, "a", encoding="utf-8")
        self.next_id = 1
        self.connection = None

    def record(self, entry):
        self.log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.log.flush()

    def on_call(self, connection, sender, path, interface, method, parameters, invocation):
        args = parameters.unpack()
        if method == "Notify":
            app_name, replaces_id, icon, summary, body, actions, hints, timeout = args
            nid = replaces_id or self.next_id
            if not replaces_id:
                self.next_id += 1
            self.record({"method": "Notify", "id": nid, "replaces_id": replaces_id, "app_name": app_name,
                         "summary": summary, "body": body, "actions": list(actions),
                         "category": hints.get("category")})
            invocation.return_value(GLib.Variant("(u)", (nid,)))
        elif method == "CloseNotification":
            self.record({"method": "CloseNotification", "id": args[0]})
            invocation.return_value(None)
            connection.emit_signal(None, PATH, NAME, "NotificationClosed", GLib.Variant("(uu)", (args[0], 3)))
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["actions", "body", "persistence"],)))
        elif method == "GetServerInformation":
            invocation.return_value(GLib.Variant("(ssss)", ("fake", "bottega tests", "1", "1.2")))
        elif method == "Click":
            self.record({"method": "Click", "id": args[0]})
            connection.emit_signal(None, PATH, NAME, "ActionInvoked", GLib.Variant("(us)", (args[0], "default")))
            invocation.return_value(None)

    def on_bus(self, connection, name):
        self.connection = connection
        info = Gio.DBusNodeInfo.new_for_xml(XML)
        for interface in info.interfaces:
            connection.register_object(PATH, interface, self.on_call, None, None)

    def on_name(self, connection, name):
        print("ready", flush=True)

    def on_lost(self, connection, name):
        print(f"cannot own {NAME}", file=sys.stderr, flush=True)
        sys.exit(1)


def main():
    server = Server(sys.argv[1])
    Gio.bus_own_name(Gio.BusType.SESSION, NAME, Gio.BusNameOwnerFlags.DO_NOT_QUEUE,
                     server.on_bus, server.on_name, server.on_lost)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
