"""The loopback listener on its own: callback path only, state check, one-shot, timeout,
busy port, bilingual pages."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from zid_desk.auth.oauth import LoopbackReceiver, SignInError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.asyncio
async def test_code_is_received_and_other_paths_get_404() -> None:
    port = free_port()
    async with LoopbackReceiver(port, expected_state="st-1", timeout=10) as rx, \
            httpx.AsyncClient() as http:
        assert (await http.get(f"http://127.0.0.1:{port}/favicon.ico")).status_code == 404
        assert (await http.get(f"http://127.0.0.1:{port}/")).status_code == 404
        r = await http.get(f"http://127.0.0.1:{port}/callback?code=the-code&state=st-1")
        assert r.status_code == 200
        assert "You can close this window" in r.text
        assert "يمكنك إغلاق هذه النافذة" in r.text
        assert r.headers["cache-control"] == "no-store"
        assert await rx.wait() == "the-code"
    # one-shot: the port is closed afterwards
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as http:
            await http.get(f"http://127.0.0.1:{port}/callback?code=x&state=st-1")


@pytest.mark.asyncio
async def test_wrong_state_is_rejected_and_shown() -> None:
    port = free_port()
    async with LoopbackReceiver(port, expected_state="right", timeout=10) as rx, \
            httpx.AsyncClient() as http:
        r = await http.get(f"http://127.0.0.1:{port}/callback?code=c&state=wrong")
        assert r.status_code == 400
        assert "wrong state" in r.text
        with pytest.raises(SignInError) as err:
            await rx.wait()
    assert err.value.reason == "state_mismatch"


@pytest.mark.asyncio
async def test_error_from_server_is_shown() -> None:
    port = free_port()
    async with LoopbackReceiver(port, expected_state="s", timeout=10) as rx, \
            httpx.AsyncClient() as http:
        r = await http.get(
            f"http://127.0.0.1:{port}/callback?error=server_error"
            "&error_description=%3Cb%3Eboom%3C%2Fb%3E&state=s"
        )
        assert r.status_code == 200
        assert "Sign-in failed" in r.text and "فشل تسجيل الدخول" in r.text
        assert "&lt;b&gt;boom" in r.text  # escaped, not injected
        with pytest.raises(SignInError, match="server_error"):
            await rx.wait()


@pytest.mark.asyncio
async def test_timeout_gives_up_with_clear_message() -> None:
    port = free_port()
    rx = LoopbackReceiver(port, expected_state="s", timeout=0.3)
    await rx.start()
    with pytest.raises(SignInError) as err:
        await rx.wait()
    assert err.value.reason == "timeout"
    assert "No answer from the browser" in str(err.value)
    with socket.socket() as s:  # the listener is gone
        assert s.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.asyncio
async def test_busy_port_gets_a_clear_message() -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        rx = LoopbackReceiver(port, expected_state="s", timeout=1)
        with pytest.raises(SignInError) as err:
            await rx.start()
    assert err.value.reason == "port_busy"
    assert f"Port {port}" in str(err.value) and "busy" in str(err.value)


@pytest.mark.asyncio
async def test_slow_or_garbage_requests_do_not_break_the_listener() -> None:
    port = free_port()
    async with LoopbackReceiver(port, expected_state="s", timeout=10) as rx:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"NONSENSE\r\n\r\n")
        await writer.drain()
        assert b"400" in (await reader.read())[:20]
        writer.close()
        async with httpx.AsyncClient() as http:
            r = await http.get(f"http://127.0.0.1:{port}/callback?code=ok&state=s")
        assert r.status_code == 200
        assert await rx.wait() == "ok"
