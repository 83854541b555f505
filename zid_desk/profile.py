"""Where Zid Desk keeps its files: one profile folder (platformdirs by default,
or `--profile DIR`) holding data (caches per store), settings and logs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "zid-desk"


@dataclass(frozen=True)
class Profile:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @classmethod
    def default(cls) -> Profile:
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def in_dir(cls, root: str | os.PathLike[str]) -> Profile:
        root = Path(root).expanduser().resolve()
        return cls(data_dir=root / "data", config_dir=root / "config", log_dir=root / "logs")

    @classmethod
    def resolve(cls, root: str | os.PathLike[str] | None) -> Profile:
        return cls.in_dir(root) if root else cls.default()

    def ensure(self) -> Profile:
        for d in (self.data_dir, self.config_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self

    def cache_path(self, store_id: str | int) -> Path:
        return self.data_dir / f"store-{store_id}.sqlite3"

    @property
    def settings_path(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_path(self) -> Path:
        return self.log_dir / "zid-desk.log"
