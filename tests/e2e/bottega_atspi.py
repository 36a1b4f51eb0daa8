"""Driving the real Bottega through the accessibility tree, as a screen
reader user would: find controls by role and accessible name, act on them
through AT-SPI actions and keyboard events."""

import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

import pyatspi  # noqa: E402


class Timeout(AssertionError):
    pass


def wait_for(what, predicate, timeout=30.0, interval=0.2):
    """Polls @predicate until it returns something truthy (bounded)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Timeout(f"timed out waiting for {what}")
        time.sleep(interval)


def walk(node, depth=0, max_depth=60):
    if node is None or depth > max_depth:
        return
    yield node
    try:
        count = node.childCount
    except Exception:  # the widget went away meanwhile
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, max_depth)


def find_all(root, role=None, name=None, name_contains=None, showing=False):
    found = []
    for node in walk(root):
        try:
            if role is not None and node.getRoleName() != role:
                continue
            node_name = node.name or ""
            if name is not None and node_name != name:
                continue
            if name_contains is not None and name_contains not in node_name:
                continue
            if showing and not node.getState().contains(pyatspi.STATE_SHOWING):
                continue
        except Exception:
            continue
        found.append(node)
    return found


def find(root, **kwargs):
    nodes = find_all(root, **kwargs)
    return nodes[0] if nodes else None


def do_action(node, action_name="click"):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in (action_name, "activate", "press"):
            return action.doAction(i)
    return action.doAction(0)


def press(key):
    """A key press on the X server, e.g. "Return" or "ctrl+Return"."""
    subprocess.run(["xdotool", "key", "--clearmodifiers", key], check=True)


def _toplevel(node):
    """The window (frame or dialog) that holds @node in the tree."""
    while node is not None:
        try:
            if node.getRoleName() in ("frame", "dialog", "window", "alert", "file chooser"):
                return node
            node = node.parent
        except Exception:
            return None
    return None


def _x_window_of(toplevel):
    """The X window of @toplevel: among the app's mapped windows, the one
    whose size is nearest to the toplevel's (dialogs get the application's
    name as their title too, so the title alone cannot tell them apart)."""
    _, _, width, height = toplevel.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(toplevel.get_process_id())],
                           capture_output=True, text=True, check=False).stdout.split()
    best, best_distance = None, None
    for window in found:
        geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", window],
                                  capture_output=True, text=True, check=False).stdout
        values = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
        try:
            distance = abs(int(values["WIDTH"]) - width) + abs(int(values["HEIGHT"]) - height)
        except (KeyError, ValueError):
            continue
        if best_distance is None or distance < best_distance:
            best, best_distance = window, distance
    return best


def pointer(node, button=1):
    """A pointer click in the middle of @node (GTK 4.8 has no AT-SPI
    grabFocus, and not every widget offers an action).

    GTK 4 on X11 knows only window coordinates (it warns when asked for
    screen ones; popovers too are placed relative to their window), so the
    click is made relative to the X window of @node's toplevel."""
    x, y, w, h = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    command = ["xdotool", "mousemove", "--sync"]
    toplevel = _toplevel(node)
    window = _x_window_of(toplevel) if toplevel is not None else None
    if window is not None:
        command += ["--window", window]
    command += [str(x + w // 2), str(y + h // 2), "click", str(button)]
    subprocess.run(command, check=True)


def click(node):
    """A left click in the middle of @node."""
    pointer(node, 1)


def type_text(text):
    """Types @text on the X server's keyboard (XTest), as a person would.
    The AT-SPI registry's own key synthesis does not reach GTK 4 under
    Xvfb, and GTK 4.8 offers no EditableText to set the text directly."""
    subprocess.run(["xdotool", "type", "--delay", "8", text], check=True)




class App:
    """The real bottega binary in a private home."""

    def __init__(self, binary, home, args=(), env=None):
        self.home = home
        environment = dict(os.environ)
        environment.update({
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_CACHE_HOME": os.path.join(home, "cache"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "SECRET_FILE_TEST_PATH": os.path.join(home, "keyring"),
            "GTK_A11Y": "atspi",
            "G_DEBUG": "fatal-criticals",
            "GDK_BACKEND": "x11",
            "GSK_RENDERER": "cairo",
        })
        environment.pop("NO_AT_BRIDGE", None)
        if env:
            environment.update(env)
        for key in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.makedirs(environment[key], exist_ok=True)
        self.log = open(os.path.join(home, "bottega.log"), "w", encoding="utf-8")
        # Read through a handle of its own, which keeps the log readable
        # after a test removes the app's home: warnings are checked when
        # the whole test is over (run).
        self._log_reader = open(self.log.name, encoding="utf-8", errors="replace")
        _apps.append(self)
        self.process = subprocess.Popen([binary, *args], env=environment,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.node = wait_for("the app on the accessibility bus", self._find_app, timeout=60)

    def _find_app(self):
        if self.process.poll() is not None:
            raise AssertionError(f"bottega exited with {self.process.returncode}: {self.output()}")
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == self.process.pid:
                    return app
            except Exception:
                continue
        return None

    def warnings(self):
        """The lines of the app's log in which GLib, GTK or another library
        warned or complained: a clean run has none."""
        if not self.log.closed:
            self.log.flush()
        self._log_reader.seek(0)
        return [line.rstrip() for line in self._log_reader
                if any(mark in line for mark in _WARNING_MARKS)]

    def output(self):
        if not self.log.closed:
            self.log.flush()
        self._log_reader.seek(0)
        return self._log_reader.read()[-4000:]

    def quit(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


def screenshot(path):
    """A PNG of the virtual display, for people looking at a failure."""
    subprocess.run(["import", "-window", "root", path], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


_apps = []
_WARNING_MARKS = ("-WARNING **", "-CRITICAL **", "-ERROR **")


def run(main):
    """Runs a test's @main and returns its exit status, failing it when any
    app it started logged a warning or a critical: tests run with
    G_DEBUG=fatal-criticals and must show no GTK warnings either."""
    status = main()
    for app in _apps:
        try:
            found = app.warnings()
        except (OSError, ValueError) as error:
            found = [f"its log could not be read ({error})"]
        for line in found:
            print(f"not ok - the app warned: {line}")
        if found:
            status = status or 1
    return status


def fail(message):
    print(f"not ok - {message}")
    sys.exit(1)
