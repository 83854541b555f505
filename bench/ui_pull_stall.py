"""How long does the GUI event loop stall while a full pull runs in the background?

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_pull_stall.py [--products 2000]
        [--locations 8] [--orders 500] [--lang ar] [--sandbox process|thread]

Starts a sandbox (by default in its own process, as Zid is a remote server: an in-process
sandbox thread competes with the GUI for the GIL and its stalls are the sandbox's, not the
app's; `--sandbox thread` measures that demo-mode case), signs in as demo mode does, opens
the main window, runs a full pull through the toolbar's Sync (with its progress bar) and
meanwhile measures the gaps between ticks of a 5 ms QTimer on the GUI thread. Prints the
pull time, request count and the longest, p99 and p95 gaps. Target: longest stall < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer

from zid_desk.profile import Profile
from zid_desk.settings import Settings


class ProcessSandbox:
    """`zid-desk sandbox` in a child process; `info` and `control` as SandboxServer has."""

    def __init__(self, products: int, locations: int, orders: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zid_desk", "sandbox", "--rate-limit", "100000",
             "--burst", "10000", "--products", str(products), "--locations", str(locations),
             "--orders", str(orders), "--log-level", "warning"],
            stdout=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        self.info = json.loads(self.proc.stdout.readline())
        from zid_desk.sandbox.server import SandboxControl

        self.control = SandboxControl(self.info["oauth_base"])

    def stop(self) -> None:
        self.control.close()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--locations", type=int, default=8)
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--lang", choices=["ar", "en"], default="ar")
    parser.add_argument("--sandbox", choices=["process", "thread"], default="process")
    args = parser.parse_args()

    import qasync

    from zid_desk.sandbox.server import SandboxOptions, SandboxServer
    from zid_desk.ui.app import GuiThreadGC, make_app
    from zid_desk.ui.demo import use_demo_keyring
    from zid_desk.ui.fonts import apply_app_font
    from zid_desk.ui.i18n import install_language

    use_demo_keyring()
    sandbox: Any
    if args.sandbox == "process":
        sandbox = ProcessSandbox(args.products, args.locations, args.orders)
    else:
        sandbox = SandboxServer(
            SandboxOptions(
                products=args.products,
                locations=args.locations,
                orders=args.orders,
                rate_limit=100_000,
                burst=10_000,
            )
        ).start()
    print(f"sandbox: in a {args.sandbox}")
    app = make_app()
    apply_app_font(app)
    install_language(app, args.lang)
    with tempfile.TemporaryDirectory() as tmp:
        profile = Profile.in_dir(Path(tmp)).ensure()
        try:
            collector = GuiThreadGC()  # the app's GC policy (zid_desk.ui.app.run)
            collector.start()
            try:
                return int(qasync.run(measure(app, profile, sandbox, args.lang)))
            finally:
                collector.stop()
        finally:
            sandbox.stop()


async def measure(app, profile: Profile, sandbox, lang: str) -> int:
    from zid_desk.api.client import make_http_client
    from zid_desk.ui.context import AppContext
    from zid_desk.ui.demo import sign_in_demo
    from zid_desk.ui.main_window import WindowHost

    http = make_http_client()
    await sign_in_demo(profile, http, sandbox)
    ctx = AppContext(profile, Settings.load(profile.settings_path), http=http, lang=lang, demo=True)
    await ctx.open_store()
    host = WindowHost(app, ctx)
    window = host.open()
    await asyncio.sleep(0.2)

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    sandbox.control.reset_stats()
    timer.start()
    started = time.perf_counter()
    window.sync_action.trigger()
    task = ctx.jobs.handles()[0].task if ctx.jobs.handles() else None
    while ctx.busy:
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - started
    timer.stop()
    if task is not None and task.exception() is not None:
        print(f"pull failed: {task.exception()!r}", file=sys.stderr)
        return 1
    stats = sandbox.control.stats()
    counts = ctx.cache.counts() if ctx.cache is not None else {}
    extra = [g - 5.0 for g in gaps]  # time beyond the timer's own interval
    extra.sort()
    print(
        f"products={counts.get('products')} stocks={counts.get('stocks')} "
        f"orders={counts.get('orders')} locations={counts.get('locations')}"
    )
    print(
        f"full pull through the window: {elapsed:.2f} s, requests: {stats.get('requests', stats)}"
    )
    print(f"GUI timer ticks: {len(gaps)}")
    print(f"longest stall: {max(extra):.1f} ms (target < 50 ms)")
    print(
        f"p99 stall: {extra[int(len(extra) * 0.99) - 1]:.1f} ms, p95: "
        f"{extra[int(len(extra) * 0.95) - 1]:.1f} ms, median gap: {statistics.median(gaps):.1f} ms"
    )
    window.close()
    ctx.close_store()
    await http.aclose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
