"""Headless Chromium driven over the DevTools protocol on a pipe (standard library only).

``chromium --remote-debugging-pipe`` reads protocol commands from file
descriptor 3 and writes answers to 4, each a JSON message ended by a NUL byte.
That is all the diagram renderer needs: evaluate a script in a blank page and
await its promise. No port is opened, nothing is downloaded, and Selenium (a
test-only dependency) is not needed by the build.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-extensions", "--mute-audio", "--remote-debugging-pipe")


def find_chromium(configured: str = "") -> str | None:
    """The Chromium to use: the configured command, else the first found on PATH."""
    for name in ([configured] if configured else ["chromium", "chromium-browser", "google-chrome"]):
        found = shutil.which(name)
        if found:
            return found
    return None


class Chromium:
    """One headless browser with one blank page; ``evaluate`` runs a script in it."""

    def __init__(self, executable: str, timeout: float = 120.0):
        self._profile = tempfile.TemporaryDirectory(prefix="mermaid-prerender-")
        to_child, self._to_chromium = os.pipe()
        self._from_chromium, from_child = os.pipe()

        def on_fds_3_and_4() -> None:  # runs in the child, before exec
            high_in = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)
            high_out = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        # close_fds=False: the duplicates on 3 and 4 must survive into chromium; every
        # other descriptor Python opened is close-on-exec anyway.
        self._proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=on_fds_3_and_4)
        os.close(to_child)
        os.close(from_child)
        self._timeout = timeout
        self._next = 0
        self._buffer = b""
        try:
            targets = self._send("Target.getTargets")["targetInfos"]
            page = next(t for t in targets if t["type"] == "page")
            self._session = self._send("Target.attachToTarget",
                                       {"targetId": page["targetId"], "flatten": True})["sessionId"]
        except BaseException:
            self.close()
            raise

    def _read_message(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chromium, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium exited")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chromium, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            answer = self._read_message()
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error'].get('message')}")
                return answer["result"]

    def evaluate(self, expression: str):
        """The value of ``expression`` (a promise is awaited), as JSON."""
        result = self._send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                 "returnByValue": True, "timeout": self._timeout * 1000},
                            self._session)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RuntimeError(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._send("Browser.close")
        for fd in (self._to_chromium, self._from_chromium):
            with contextlib.suppress(OSError):
                os.close(fd)
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
