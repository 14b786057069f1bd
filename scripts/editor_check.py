"""What an editor shows for a spec: yaml-language-server's diagnostics, driven over its stdio protocol.

The same server runs behind the YAML extension of VS Code; it reads the schema named in the spec's
first line (``# yaml-language-server: $schema=...``). Install it once, outside the repository:

    npm install --prefix /tmp/yls yaml-language-server
    python scripts/editor_check.py SPEC.yaml [--server /tmp/yls/node_modules/.bin/yaml-language-server]

Prints one line per diagnostic ('regel N: melding'), or 'geen meldingen'. tests/test_editor.py
uses it when the server is there (YAML_LANGUAGE_SERVER, or yaml-language-server on PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Optional

SETTINGS = {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}


def find_server() -> Optional[str]:
    return os.environ.get("YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")


class Server:
    """A yaml-language-server process and the JSON-RPC messages to and from it."""

    def __init__(self, command: str):
        self.process = subprocess.Popen([command, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue = queue.Queue()
        self.last_id = 0
        self.published: dict[str, list] = {}
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
            "workspace": {"configuration": True},
            "textDocument": {"hover": {"contentFormat": ["markdown"]}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": SETTINGS}})

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 30) -> Any:
        self.last_id += 1
        wanted = self.last_id
        self._send({"id": wanted, "method": method, "params": params})
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            message = self._next(end - time.monotonic())
            if message is not None and message.get("id") == wanted and "method" not in message:
                return message.get("result")
        raise TimeoutError(f"geen antwoord op {method}")

    def _next(self, timeout: float) -> Optional[dict]:
        try:
            message = self.inbox.get(timeout=max(timeout, 0.01))
        except queue.Empty:
            return None
        if message.get("method") == "workspace/configuration":
            self._send({"id": message["id"], "result": [SETTINGS] * len(message["params"]["items"])})
        elif "id" in message and "method" in message:
            self._send({"id": message["id"], "result": None})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.published[message["params"]["uri"]] = message["params"]["diagnostics"]
        return message

    def diagnostics(self, path: Path, settle: float = 3.0, timeout: float = 30) -> list[tuple[int, str]]:
        """(line, message) of every diagnostic for ``path``, after the server has settled."""
        uri = path.resolve().as_uri()
        self.published.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                              "text": path.read_text(encoding="utf-8")}})
        end, quiet_until = time.monotonic() + timeout, None
        while time.monotonic() < end:
            message = self._next(0.2)
            if message is not None and message.get("method") == "textDocument/publishDiagnostics":
                quiet_until = time.monotonic() + settle
            if uri in self.published and quiet_until and time.monotonic() > quiet_until:
                break
        if uri not in self.published:
            raise TimeoutError(f"geen meldingen ontvangen voor {path}")
        return [(d["range"]["start"]["line"] + 1, d["message"]) for d in self.published[uri]]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="+", type=Path)
    parser.add_argument("--server", default=find_server())
    args = parser.parse_args()
    if not args.server:
        parser.error("yaml-language-server niet gevonden; geef --server of zet YAML_LANGUAGE_SERVER")
    server = Server(args.server)
    try:
        for spec in args.specs:
            found = server.diagnostics(spec)
            print(f"{spec}: " + ("geen meldingen" if not found else f"{len(found)} melding(en)"))
            for line, message in found:
                print(f"  regel {line}: {message}")
    finally:
        server.close()


if __name__ == "__main__":
    main()
