"""Build the UI translations.

    python i18n/build.py            compile i18n/*.ts -> .qm (pyside6-lrelease); the .qm files
                                    are build products (gitignored)
    python i18n/build.py --update   first refresh i18n/zid_desk_ar.ts from the sources under
                                    zid_desk/ui (pyside6-lupdate), then compile

`./dev test` and `./dev demo` run it before starting. Translate new entries by hand (Qt
Linguist, or edit the .ts: fill <translation> and drop type="unfinished").
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCES = ROOT / "zid_desk" / "ui"
CATALOGUES = [HERE / "zid_desk_ar.ts"]


def tool(name: str) -> str:
    """The PySide6 tool next to this interpreter (venv), else on PATH."""
    candidate = Path(sys.executable).with_name(name)
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def source_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def update() -> None:
    for ts in CATALOGUES:
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                "-locations",
                "none",
                "-no-obsolete",
                *source_files(),
                "-ts",
                str(ts.relative_to(ROOT)),
            ],
            cwd=ROOT,
            check=True,
        )


def release() -> None:
    for ts in CATALOGUES:
        if not ts.exists():
            continue
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))],
            check=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="refresh the .ts from the sources")
    args = parser.parse_args(argv)
    if args.update:
        update()
    release()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
