"""Tokens in the keyring, per store; memory-only (never a file) when no keyring works."""

from __future__ import annotations

import time
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest

from zid_desk.auth.token_store import SERVICE, TokenStore, forget_memory_secrets
from zid_desk.domain import Tokens


def make_tokens(n: int = 1) -> Tokens:
    return Tokens(f"auth-{n}-xyz", f"access-{n}-xyz", f"refresh-{n}-xyz", time.time() + 3600)


def test_tokens_round_trip_per_store(memory_keyring) -> None:
    store = TokenStore()
    assert store.secure and store.warning == ""
    store.save("101", make_tokens(1))
    store.save("202", make_tokens(2))
    saved = make_tokens(1)
    store.save("101", saved)
    loaded = store.load("101")
    assert loaded is not None
    assert (loaded.authorization, loaded.access_token, loaded.refresh_token) == (
        "auth-1-xyz", "access-1-xyz", "refresh-1-xyz")
    assert loaded.expires_at == pytest.approx(saved.expires_at)
    assert (two := store.load("202")) is not None and two.access_token == "access-2-xyz"
    assert {u for (s, u) in memory_keyring.values if s == SERVICE} == {"tokens:101", "tokens:202"}
    store.delete("101")
    assert store.load("101") is None
    store.delete("101")  # deleting twice is fine
    again = TokenStore().load("202")  # another instance sees it
    assert again is not None and again.refresh_token == "refresh-2-xyz"


def test_client_secret_in_keyring(memory_keyring) -> None:
    store = TokenStore()
    assert store.load_client_secret("48") is None
    store.save_client_secret("48", "s3cret-value")
    assert TokenStore().load_client_secret("48") == "s3cret-value"
    assert (SERVICE, "client-secret:48") in memory_keyring.values


def test_no_keyring_means_memory_only_with_warning(tmp_path: Path, monkeypatch) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    try:
        store = TokenStore()
        assert store.secure is False
        assert "memory" in store.warning and "keyring" in store.warning
        store.save("101", make_tokens(7))
        store.save_client_secret("48", "s3cret-value")
        # the same process (another TokenStore) still sees them...
        seen = TokenStore().load("101")
        assert seen is not None and seen.access_token == "access-7-xyz"
        assert TokenStore().load_client_secret("48") == "s3cret-value"
        # ...but nothing was written anywhere on disk
        for path in tmp_path.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert b"access-7-xyz" not in data and b"s3cret-value" not in data
        with pytest.raises(keyring.errors.KeyringError):
            keyring.get_password(SERVICE, "tokens:101")
    finally:
        forget_memory_secrets()
    assert TokenStore().load("101") is None


def test_the_null_keyring_counts_as_no_keyring() -> None:
    """keyring's null backend accepts every secret and keeps none: treating it as secure
    would say "signed in" and lose the sign-in at once. It degrades to memory, with the
    warning, like no keyring at all."""
    keyring.set_keyring(keyring.backends.null.Keyring())
    try:
        store = TokenStore()
        assert store.secure is False and "keyring" in store.warning
        store.save("303", make_tokens(3))
        kept = TokenStore().load("303")
        assert kept is not None and kept.access_token == "access-3-xyz"
    finally:
        forget_memory_secrets()


def test_repr_has_no_secret() -> None:
    tokens = make_tokens(3)
    assert "xyz" not in repr(tokens)
    assert "xyz" not in repr(TokenStore())


def test_long_tokens_are_chunked_and_replaced_whole(memory_keyring) -> None:
    """Real tokens can exceed one keyring entry (Windows: 2,560 bytes): they are split,
    and a new save replaces the whole set."""
    big = Tokens("A" * 2500, "B" * 1800, "C" * 1200, time.time() + 60)
    store = TokenStore()
    store.save("9", big)
    entries = {u: v for (s, u), v in memory_keyring.values.items() if s == SERVICE}
    assert len(entries) > 3 and all(len(v) <= TokenStore.CHUNK for v in entries.values())
    loaded = TokenStore().load("9")
    assert loaded is not None and loaded.authorization == "A" * 2500
    assert (loaded.access_token, loaded.refresh_token) == ("B" * 1800, "C" * 1200)

    bigger = Tokens("D" * 3000, "E" * 10, "F" * 10, time.time() + 60)
    store.save("9", bigger)
    again = store.load("9")
    assert again is not None and again.authorization == "D" * 3000
    head = memory_keyring.values[(SERVICE, "tokens:9")]
    _, gen, count = head.split(":")
    chunks = {u for (s, u) in memory_keyring.values if s == SERVICE} - {"tokens:9"}
    assert chunks == {f"tokens:9#{gen}.{i}" for i in range(int(count))}  # old ones gone
    store.save("9", make_tokens(5))  # short again: a single entry
    assert {u for (s, u) in memory_keyring.values if s == SERVICE} == {"tokens:9"}
    store.delete("9")
    assert not [u for (s, u) in memory_keyring.values if s == SERVICE]

