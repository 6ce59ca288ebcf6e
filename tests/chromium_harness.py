"""Headless Chromium for tests, driven over the DevTools protocol on a pipe.

Why a pipe (``--remote-debugging-pipe``): no TCP port, no websocket package;
Chromium reads NUL-terminated JSON commands on fd 3 and writes replies and
events on fd 4. The browser runs with network disabled three ways: every
request is paused by ``Fetch`` and failed unless it is ``file:``/``data:``,
DNS resolves nothing, and the proxy is a closed loopback port. Each attempted
URL is recorded, and JavaScript dialogs (``alert``) are recorded and dismissed.

Example
-------
>>> with ChromiumPage() as page:                       # doctest: +SKIP
...     page.open(path)
...     page.evaluate("document.title")
...     page.external_requests()  # [] when the page stayed offline
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = os.environ.get("GRIDATLAS_CHROMIUM", "/usr/bin/chromium")
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:", "chrome-error:", "devtools:")
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-first-run",
    "--no-default-browser-check", "--mute-audio", "--disable-features=Translate,MediaRouter",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>", "--renderer-process-limit=1",
    "--remote-debugging-pipe",
)


class CdpError(RuntimeError):
    """A DevTools command failed or timed out."""


def _child_fds(cmd_read: int, evt_write: int):
    """preexec_fn: put the pipe ends at fd 3 (commands) and fd 4 (replies)."""
    def setup():
        high_cmd = fcntl.fcntl(cmd_read, fcntl.F_DUPFD, 10)
        high_evt = fcntl.fcntl(evt_write, fcntl.F_DUPFD, 10)
        os.dup2(high_cmd, 3)
        os.dup2(high_evt, 4)
    return setup


class ChromiumPage:
    """One headless Chromium with one page tab; use as a context manager."""

    def __init__(self, width: int = 1200, height: int = 800, timeout: float = 30.0):
        self.width, self.height, self.timeout = width, height, timeout
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self._events: queue.Queue = queue.Queue()
        self._replies: dict[int, dict] = {}
        self._reply_ready = threading.Condition()
        self._next_id = 0
        self._session = None

    # -- process and transport -------------------------------------------------
    def __enter__(self) -> "ChromiumPage":
        self._profile = tempfile.mkdtemp(prefix="ga-chromium-")
        cmd_read, self._cmd_write = os.pipe()
        self._evt_read, evt_write = os.pipe()
        args = [CHROMIUM, *FLAGS, f"--user-data-dir={self._profile}",
                f"--window-size={self.width},{self.height}", "about:blank"]
        self._proc = subprocess.Popen(
            args, preexec_fn=_child_fds(cmd_read, evt_write), close_fds=False,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_read)
        os.close(evt_write)
        threading.Thread(target=self._read_loop, daemon=True).start()
        self._attach()
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (CdpError, OSError):
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._cmd_write)
        shutil.rmtree(self._profile, ignore_errors=True)

    def _read_loop(self) -> None:
        buffer = b""
        with os.fdopen(self._evt_read, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    self._dispatch(json.loads(raw))

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            with self._reply_ready:
                self._replies[message["id"]] = message
                self._reply_ready.notify_all()
        else:
            self._events.put(message)

    def send(self, method: str, params: dict | None = None, *, session: bool = True,
             timeout: float | None = None) -> dict:
        """Send one DevTools command and return its result (raises CdpError)."""
        self._next_id += 1
        msg_id = self._next_id  # _post may take further ids while we wait
        message = {"id": msg_id, "method": method, "params": params or {}}
        if session and self._session:
            message["sessionId"] = self._session
        os.write(self._cmd_write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._reply_ready:
            while msg_id not in self._replies:
                self._pump_events_unlocked()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CdpError(f"{method} timed out")
                self._reply_ready.wait(min(left, 0.05))
            reply = self._replies.pop(msg_id)
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    # -- events --------------------------------------------------------------
    def _pump_events_unlocked(self) -> None:
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return
            self._handle_event(event)

    def _handle_event(self, event: dict) -> None:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Fetch.requestPaused":
            self._answer_paused(params)
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(params.get("message", ""))
            self._post("Page.handleJavaScriptDialog", {"accept": False})
        elif method == "Runtime.exceptionThrown":
            self.console_errors.append(json.dumps(params.get("exceptionDetails", {}))[:500])
        elif method == "Page.loadEventFired":
            self._loaded = True

    def _post(self, method: str, params: dict) -> None:
        """Send without waiting (used from inside event handling)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params,
                   "sessionId": self._session}
        os.write(self._cmd_write, json.dumps(message).encode() + b"\0")

    def _answer_paused(self, params: dict) -> None:
        url = params["request"]["url"]
        self.requests.append(url)
        if url.startswith(LOCAL_SCHEMES):
            self._post("Fetch.continueRequest", {"requestId": params["requestId"]})
        else:
            self._post("Fetch.failRequest", {"requestId": params["requestId"],
                                             "errorReason": "BlockedByClient"})

    # -- page ------------------------------------------------------------------
    def _attach(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            targets = self.send("Target.getTargets", session=False)["targetInfos"]
            pages = [t for t in targets if t["type"] == "page"]
            if pages or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if not pages:
            raise CdpError("no page target")
        self._session = self.send("Target.attachToTarget", {
            "targetId": pages[0]["targetId"], "flatten": True}, session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")
        self.send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": self.width, "height": self.height, "deviceScaleFactor": 1,
            "mobile": False})

    def open(self, path) -> None:
        """Load a local file and wait for its load event."""
        self._loaded = False
        self.send("Page.navigate", {"url": Path(path).resolve().as_uri()})
        self.wait_until(lambda: self._loaded, "page load")

    def wait_until(self, condition, what: str, timeout: float | None = None) -> None:
        """Process events until ``condition()`` is true."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while not condition():
            if time.monotonic() > deadline:
                raise CdpError(f"timed out waiting for {what}")
            with self._reply_ready:
                self._pump_events_unlocked()
                self._reply_ready.wait(0.05)

    def settle(self, seconds: float = 0.3) -> None:
        """Keep handling events for a moment (late requests, dialogs)."""
        end = time.monotonic() + seconds
        self.wait_until(lambda: time.monotonic() > end, "settle", timeout=seconds + 5)

    def evaluate(self, expression: str):
        """Evaluate JavaScript in the page and return its JSON value."""
        result = self.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise CdpError(f"JS error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path) -> Path:
        """Save a PNG of the viewport."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path = Path(path)
        path.write_bytes(base64.b64decode(data))
        return path

    def external_requests(self) -> list[str]:
        """Every attempted URL that was not file:, data:, about: or blob:."""
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]
