"""`zid-desk sandbox` standalone: one JSON line, serves, stops cleanly on signals."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import httpx
import pytest


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_standalone_prints_one_json_line_and_stops_cleanly(sig):
    proc = subprocess.Popen(
        [sys.executable, "-m", "zid_desk", "sandbox", "--port", "0", "--products", "20",
         "--orders", "5", "--rate-limit", "120", "--redirect-uri", "https://relay.example/cb",
         "--redirect-uri", "http://127.0.0.1:4000/cb"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        info = json.loads(line)
        assert {"api_base", "oauth_base", "client_id", "client_secret", "redirect_uris",
                "store_id", "tokens"} <= set(info)
        assert info["store_id"].isdigit()
        assert info["redirect_uris"] == ["http://127.0.0.1:53682/callback",
                                         "https://relay.example/cb", "http://127.0.0.1:4000/cb"]
        assert set(info["tokens"]) == {"authorization", "access_token", "refresh_token",
                                       "expires_in"}
        assert info["api_base"].startswith("http://127.0.0.1:") and info["rate_limit"] == 120
        t = info["tokens"]
        r = httpx.get(info["api_base"] + "/products/", headers={
            "Authorization": f"Bearer {t['authorization']}", "Access-Token": t["access_token"],
            "Store-Id": info["store_id"]})
        assert r.status_code == 200 and r.json()["total_products_count"] == 20
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == 0
        assert proc.stdout.read() == ""  # exactly one line on stdout
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
