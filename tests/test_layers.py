"""The layering contract: domain <- api, cache <- sync <- ui; Qt only in zid_desk/ui."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "zid_desk"
QT_MODULES = ("PySide6", "shiboken6", "qasync", "PyQt5", "PyQt6")

# package -> zid_desk packages it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": ("api", "cache", "sync", "auth", "importer", "sandbox", "ui", "cli"),
    "api": ("cache", "sync", "auth", "importer", "sandbox", "ui", "cli"),
    "cache": ("api", "sync", "auth", "importer", "sandbox", "ui", "cli"),
    "auth": ("cache", "sync", "importer", "sandbox", "ui", "cli"),
    "sandbox": ("api", "cache", "sync", "auth", "importer", "ui", "cli"),
    "sync": ("importer", "sandbox", "ui", "cli"),
    "importer": ("sandbox", "ui", "cli"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files() -> list[Path]:
    return sorted(PKG.rglob("*.py"))


def test_the_tree_is_found() -> None:
    assert len(python_files()) > 10


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PKG)))
def test_layering(path: Path) -> None:
    rel = path.relative_to(PKG)
    top = rel.parts[0] if len(rel.parts) > 1 else ""
    mods = imported_modules(path)
    if top != "ui" and rel != Path("cli/gui_cmd.py"):
        qt = sorted(m for m in mods if m.split(".")[0] in QT_MODULES)
        assert not qt, f"{rel} imports Qt ({qt}); Qt belongs in zid_desk/ui only"
    for banned in FORBIDDEN.get(top, ()):
        inner = f"zid_desk.{banned}"
        bad = sorted(m for m in mods if m == inner or m.startswith(inner + "."))
        assert not bad, f"{rel} ({top}) must not import {bad}"
