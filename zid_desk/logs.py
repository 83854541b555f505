"""Logging set-up: a rotating file in the profile's log folder, with every handler behind
a filter that redacts anything token-like (even in debug logs and crash reports)."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import re
import sys
import threading
import traceback
from types import TracebackType

from zid_desk.profile import Profile

REDACTED = "[REDACTED]"

# Exact secret values this process has seen (tokens, client secret). They are redacted
# wherever they appear, whatever they look like. Only kept in memory.
_known_secrets: set[str] = set()
_known_lock = threading.Lock()
_MIN_SECRET_LEN = 6


def register_secret(value: str | None) -> None:
    """Make the redactor hide this exact value from now on."""
    if value and len(value) >= _MIN_SECRET_LEN:
        with _known_lock:
            _known_secrets.add(value)


# key=value / "key": "value" / key: value for secret-bearing names. `code` (the OAuth
# authorization code) only when the value looks random, so "code=invalid_grant" stays.
_SECRET_NAMES = (
    r"access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|x-manager-token"
    r"|authorization|api[_-]?key|password|secret|token"
)
_KEY_VALUE = re.compile(
    r"(?i)(?P<key>\b(?:" + _SECRET_NAMES + r"))(?P<sep>['\"]?\s*[:=]\s*['\"]?)"
    r"(?!(?:Bearer\s+)?\[REDACTED\])(?P<bearer>Bearer\s+)?(?P<value>[^\s'\"&,;}\])]+)"
)
_CODE_VALUE = re.compile(
    r"(?i)(?P<key>\bcode)(?P<sep>['\"]?\s*[:=]\s*['\"]?)(?P<value>[A-Za-z0-9._~+/=-]{16,})"
)
_BEARER = re.compile(r"(?i)\b(?P<key>bearer)(?P<sep>\s+)(?!\[REDACTED\])(?P<value>[^\s'\",;]+)")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?")
# Long opaque blobs: base64/base64url/hex runs of 32+ characters mixing at least two of
# upper case, lower case and digits (UUIDs, paths and identifiers mostly do not).
_BLOB = re.compile(r"(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,}(?![A-Za-z0-9+/_=-])")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"\b[0-9a-fA-F]{32,}\b")


def _keep_key(m: re.Match[str]) -> str:
    bearer = m.groupdict().get("bearer") or ""
    return f"{m.group('key')}{m.group('sep')}{bearer}{REDACTED}"


def _mixed(s: str) -> bool:
    """At least two of: upper case, lower case, digits."""
    classes = (any(c.isupper() for c in s), any(c.islower() for c in s),
               any(c.isdigit() for c in s))
    return sum(classes) >= 2


def _blob(m: re.Match[str]) -> str:
    s = m.group(0)
    if _UUID.fullmatch(s):
        return s  # product/location ids stay readable
    if "/" in s:
        # URL paths ("8080/v1/managers/account/profile") stay readable; base64 with "/"
        # still goes when a piece is long and random, or it carries "+" / "=" padding.
        pieces = s.split("/")
        if any(len(p) >= 32 and _mixed(p) for p in pieces):
            return REDACTED
        return REDACTED if ("+" in s or s.endswith("=")) and _mixed(s) else s
    return REDACTED if _mixed(s) else s


def redact(text: str) -> str:
    """`text` with every token-like value replaced by [REDACTED]."""
    if not text:
        return text
    with _known_lock:
        known = sorted(_known_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _KEY_VALUE.sub(_keep_key, text)
    text = _BEARER.sub(_keep_key, text)
    text = _CODE_VALUE.sub(_keep_key, text)
    text = _JWT.sub(REDACTED, text)
    text = _HEX.sub(REDACTED, text)
    return _BLOB.sub(_blob, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record so that its message, args, exception and stack text are
    redacted before any handler formats it. Attach to handlers (handler filters also
    see records propagated from child loggers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # bad format args: keep what we can, redacted
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_MARK = "_zid_desk_handler"


def setup_logging(profile: Profile, *, debug: bool = False) -> None:
    """Log to a rotating file in `profile.log_dir` (user-only permissions), redacting on
    every handler of the root logger, and log uncaught exceptions (redacted) there too.
    Calling it again replaces the handlers it added before."""
    profile.log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    path = profile.log_path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=3, encoding="utf-8", delay=False
    )
    setattr(handler, _MARK, True)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(logging.DEBUG if debug else logging.INFO)
    root.addHandler(handler)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for h in root.handlers:  # also handlers others added (console, pytest capture...)
        if not any(isinstance(f, RedactingFilter) for f in h.filters):
            h.addFilter(RedactingFilter())
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_thread_uncaught


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    logging.getLogger("zid_desk.crash").critical("uncaught exception", exc_info=(exc_type, exc, tb))
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(redact(text))


def _log_thread_uncaught(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    logging.getLogger("zid_desk.crash").critical(
        "uncaught exception in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
    )
