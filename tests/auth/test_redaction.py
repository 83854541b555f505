"""The logging filter hides anything token-like, in messages, args and tracebacks."""

from __future__ import annotations

import logging

import pytest

from zid_desk.logs import REDACTED, RedactingFilter, redact, register_secret, setup_logging
from zid_desk.profile import Profile

JWT = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIxMTciLCJzdWIiOiIxODI0NzUifQ."
    "c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU"
)
LARAVEL = "eyJpdiI6IkFCQyIsInZhbHVlIjoiWFlaIiwibWFjIjoiMTIzIn0="
HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"Authorization: Bearer {JWT}", JWT),
        (f"authorization={JWT}", JWT),
        (f"X-Manager-Token: {LARAVEL}", LARAVEL),
        ("Bearer short-opaque-1", "short-opaque-1"),
        ("access_token=at-12345", "at-12345"),
        ('{"refresh_token": "rt-98765", "expires_in": 3600}', "rt-98765"),
        ("{'client_secret': 'sec-777'}", "sec-777"),
        ("GET /callback?code=Zx81kq0VbN3mLp2sWq&state=abc", "Zx81kq0VbN3mLp2sWq"),
        (f"token blob {HEX} end", HEX),
        ("opaque dGhpcyBpcyBhIHNlY3JldCB0b2tlbiB0aGF0IGlzIGxvbmc here",
         "dGhpcyBpcyBhIHNlY3JldCB0b2tlbiB0aGF0IGlzIGxvbmc"),
        ("b64 ab+/cDEf9/GhiJ/kl+mNOp/q4rsT/uvwX/yz== end",
         "ab+/cDEf9/GhiJ/kl+mNOp/q4rsT/uvwX/yz=="),
    ],
)
def test_token_like_values_are_redacted(text: str, secret: str) -> None:
    out = redact(text)
    assert secret not in out
    assert REDACTED in out
    assert redact(out) == out  # idempotent: several handlers may filter the same record


def test_ordinary_text_is_kept() -> None:
    text = (
        "pulled 50 products for location 6675a8a4-1234-4abc-8def-0123456789ab "
        "from /work/main/.venv/lib/python3.11/site-packages in 1.2 s; error code=invalid_grant; "
        "HTTP Request: GET http://127.0.0.1:34615/v1/managers/account/profile "
        "http://127.0.0.1:41234/v1/products/?page=2&page_size=50&ordering=-updated_at"
    )
    assert redact(text) == text


def test_registered_secrets_are_redacted_whatever_they_look_like() -> None:
    register_secret("plainword-xyz")
    assert "plainword-xyz" not in redact("value is plainword-xyz.")


def test_filter_redacts_message_args_and_traceback(tmp_path) -> None:
    logger = logging.getLogger("zid_desk.test_redaction")
    records: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = ListHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.debug("headers %s", {"Authorization": f"Bearer {JWT}"})
        logger.info("answer %r", {"access_token": "at-abcdef", "refresh_token": "rt-abcdef"})
        try:
            raise ValueError(f"bad token {JWT}")
        except ValueError:
            logger.exception("request failed with refresh_token=%s", "rt-zzzzzz")
    finally:
        logger.removeHandler(handler)
    text = "\n".join(records)
    for secret in (JWT, "at-abcdef", "rt-abcdef", "rt-zzzzzz"):
        assert secret not in text
    assert "ValueError" in text  # the traceback is kept, only the secret goes
    assert "request failed" in text


def test_setup_logging_writes_redacted_file(tmp_path) -> None:
    profile = Profile.in_dir(tmp_path).ensure()
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        setup_logging(profile, debug=True)
        logging.getLogger("zid_desk.x").debug("sending Authorization: Bearer %s", JWT)
        for h in root.handlers:
            h.flush()
        content = profile.log_path.read_text(encoding="utf-8")
        assert "sending Authorization: Bearer" in content
        assert JWT not in content
        assert (profile.log_path.stat().st_mode & 0o077) == 0
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        root.setLevel(level)
