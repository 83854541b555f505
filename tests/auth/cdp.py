"""A minimal Chrome DevTools Protocol driver over `--remote-debugging-pipe` (stdlib only):
enough to open a page in headless Chromium, wait for an element and click it with real
mouse events. Used by the headless-browser sign-in test."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-default-browser-check",
    "--remote-debugging-pipe",
]


class CdpError(RuntimeError):
    pass


class Chromium:
    """Headless Chromium driven over the CDP pipe (fd 3: commands in, fd 4: answers out)."""

    def __init__(self, user_data_dir: Path, url: str = "about:blank") -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # move the child's ends above 9 so that "3<&N 4>&M" cannot clobber one another
        low = (to_child_r, from_child_w)
        to_child_r, from_child_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in low)
        for fd in low:
            os.close(fd)

        # bash puts our pipe ends on the child's fd 3 and 4 (dash takes single-digit fds
        # only; and no preexec_fn: this process has threads).
        redirect = f'exec "$0" "$@" 3<&{to_child_r} 4>&{from_child_w}'
        self.proc = subprocess.Popen(
            ["/bin/bash", "-c", redirect, CHROMIUM, *FLAGS, f"--user-data-dir={user_data_dir}",
             url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_child_r, from_child_w),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self._session: str | None = None

    def _read_loop(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self._lock:
                        q = self._answers.get(msg["id"])
                    if q is not None:
                        q.put(msg)

    def send(self, method: str, params: dict[str, Any] | None = None, *,
             session: str | None = None, timeout: float = 10) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            msg_id = self._next_id
            q: queue.Queue[dict[str, Any]] = queue.Queue()
            self._answers[msg_id] = q
        msg: dict[str, Any] = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        try:
            answer = q.get(timeout=timeout)
        except queue.Empty:
            raise CdpError(f"no answer to {method} within {timeout}s") from None
        finally:
            with self._lock:
                self._answers.pop(msg_id, None)
        if "error" in answer:
            raise CdpError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def attach_page(self, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            targets = self.send("Target.getTargets")["targetInfos"]
            pages = [t for t in targets if t["type"] == "page"]
            if pages:
                result = self.send(
                    "Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True}
                )
                self._session = result["sessionId"]
                return self._session
            time.sleep(0.1)
        raise CdpError("no page target")

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True},
            session=self._session,
        )
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 15) -> Any:
        """Poll a JS expression until it gives something truthy; return it."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            try:
                last = self.evaluate(expression)
            except CdpError:  # page navigating: the context is briefly gone
                last = None
            if last:
                return last
            time.sleep(0.1)
        raise CdpError(f"timed out waiting for {expression!r} (last: {last!r})")

    def click_element(self, css: str, timeout: float = 15) -> None:
        """Wait for `css`, then click its centre with real mouse events."""
        find = (
            "(() => { const e = document.querySelector(SELECTOR); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()"
        )
        box = self.wait_for(find.replace("SELECTOR", json.dumps(css)), timeout)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params: dict[str, Any] = {"type": kind, "x": box["x"], "y": box["y"]}
            if kind != "mouseMoved":
                params.update(button="left", clickCount=1)
            self.send("Input.dispatchMouseEvent", params, session=self._session)

    def close(self) -> None:
        with contextlib.suppress(CdpError, OSError):
            self.send("Browser.close", timeout=3)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
