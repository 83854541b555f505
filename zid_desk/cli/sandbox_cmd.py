"""`zid-desk sandbox`: run the Zid sandbox standalone.

Prints ONE JSON line (api_base, oauth_base, client_id, client_secret, redirect_uris,
store_id, tokens, ...) to stdout, then serves until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from types import FrameType

from zid_desk.sandbox.server import SandboxOptions, SandboxServer


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sandbox",
        help="run a local emulator of the Zid API (demo store, OAuth, rate limit)",
        description="Run the Zid sandbox on loopback. Prints one JSON line with the base URLs, "
        "client credentials and demo-store tokens, then serves until killed.",
    )
    d = SandboxOptions()
    p.add_argument("--host", default=d.host)
    p.add_argument("--port", type=int, default=d.port, help="0 = any free port (default)")
    p.add_argument("--rate-limit", type=int, default=d.rate_limit, metavar="PER_MINUTE",
                   help="leaky-bucket rate per store (default %(default)s; 0 = unlimited)")
    p.add_argument("--burst", type=int, default=d.burst,
                   help="leaky-bucket capacity (default %(default)s)")
    p.add_argument("--throttle-max-delay", type=float, default=d.throttle_max_delay,
                   metavar="SECONDS", help="hold excess requests up to this long before 429")
    p.add_argument("--rate-limit-scope", choices=["all", "products"], default=d.rate_limit_scope,
                   help="limit every /v1 endpoint (default) or only products/locations")
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--products", type=int, default=d.products)
    p.add_argument("--locations", type=int, default=d.locations)
    p.add_argument("--orders", type=int, default=d.orders)
    p.add_argument("--batch-max", type=int, default=d.batch_max,
                   help="max items per stock-update request (default %(default)s)")
    p.add_argument("--redirect-uri", action="append", default=[], metavar="URI",
                   help="register another OAuth redirect URI (repeatable)")
    p.add_argument("--log-level", default=d.log_level,
                   choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    opts = SandboxOptions(
        host=args.host, port=args.port, rate_limit=args.rate_limit, burst=args.burst,
        seed=args.seed, products=args.products, locations=args.locations, orders=args.orders,
        batch_max=args.batch_max, redirect_uris=list(args.redirect_uri),
        throttle_max_delay=args.throttle_max_delay, rate_limit_scope=args.rate_limit_scope,
        log_level=args.log_level,
    )
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    server = SandboxServer(opts)
    try:
        server.start()
        sys.stdout.write(json.dumps(server.info, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        for s, h in previous.items():
            signal.signal(s, h)
    return 0
