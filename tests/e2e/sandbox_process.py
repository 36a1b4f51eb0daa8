"""`bottegactl sandbox` in a process of its own, and its /_sandbox/ controls."""

import json
import signal
import socket
import subprocess
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sandbox:
    def __init__(self, bottegactl, env, state, port, *flags):
        self.bottegactl, self.env, self.state, self.port = bottegactl, env, state, port
        self.process = subprocess.Popen([bottegactl, "sandbox", "--port", str(port), "--state", state, *flags],
                                        env=env, stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        self.token = self.process.stdout.readline().split(":", 1)[1].strip()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)

    def restart(self, *flags):
        self.stop()
        return Sandbox(self.bottegactl, self.env, self.state, self.port, *flags)

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.url + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"api_access_token": self.token,
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read().decode() or "null")

    def incoming(self, conversation_id, content):
        return self.call("POST", "/_sandbox/incoming", {"conversation_id": conversation_id, "content": content})

    def drop_websockets(self, refuse_seconds):
        return self.call("POST", "/_sandbox/websockets/drop", {"refuse_seconds": refuse_seconds})

    def count(self, conversation_id, content):
        from urllib.parse import urlencode
        query = urlencode({"conversation_id": conversation_id, "content": content})
        return self.call("GET", f"/_sandbox/messages?{query}")["count"]


def replace_token(state, token):
    """What revoking a token looks like to a client: the server now only
    accepts another one."""
    with open(state, encoding="utf-8") as f:
        shop = json.load(f)
    shop["token"] = token
    with open(state, "w", encoding="utf-8") as f:
        json.dump(shop, f)
