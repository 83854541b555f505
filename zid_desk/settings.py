"""User settings: a small JSON file in the profile's config folder. No secrets here, ever
(tokens and the client secret live in the keyring, see zid_desk.auth)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

REAL_API_BASE = "https://api.zid.sa/v1"
REAL_OAUTH_BASE = "https://oauth.zid.sa"


@dataclass
class Settings:
    # connection
    api_base: str = REAL_API_BASE
    oauth_base: str = REAL_OAUTH_BASE
    client_id: str = ""
    # The registered callback URL. Either the loopback URL itself
    # (http://127.0.0.1:<port>/callback) or a hosted relay page that forwards code+state
    # to the loopback listener (see README "Signing in").
    redirect_uri: str = ""
    callback_port: int = 53682
    store_id: str = ""  # the signed-in store (its tokens are in the keyring)
    # behaviour
    language: str = ""  # "ar", "en" or "" for the OS locale
    low_stock_threshold: int = 5
    stock_batch_size: int = 50
    rate_limit_per_minute: int = 60
    # free-form extras for UI state and remembered import mappings
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, OSError):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, path: Path) -> None:
        """Atomic write (temp file + rename), readable by the user only."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(asdict(self), f, ensure_ascii=False, indent=2)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
