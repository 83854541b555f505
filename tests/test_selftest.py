"""`zid-desk --self-test` run from the virtualenv as a user would run it: a new process, no
display, a keyring that refuses every write, and its own home and temp folders, so the test
sees what the self-test leaves behind (nothing) and what it prints (one line)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from zid_desk import __version__
from zid_desk.cache import SCHEMA_VERSION

ZID_DESK = Path(sys.executable).parent / "zid-desk"
SUMMARY = re.compile(
    r"^self-test ok: zid-desk (?P<version>\S+), keyring [^,]+,"
    r" Qt 6\.\d+\.\d+ \(offscreen\), fonts ok, ar\+en, cache v(?P<schema>\d+),"
    r" sandbox (?P<locations>\d+) locations/(?P<products>\d+) products/\d+ orders,"
    r" pull [\d.]+ s, push 1 edit [\d.]+ s, total [\d.]+ s$"
)


def run_self_test(
    tmp_path: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    temp = tmp_path / "tmp"
    home.mkdir(exist_ok=True)
    temp.mkdir(exist_ok=True)
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ.update(
        # Without a display, xcb aborts Qt: the self-test must choose offscreen itself.
        QT_QPA_PLATFORM="xcb",
        # Any write to a real keyring fails: the self-test must keep secrets in memory.
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        TMPDIR=str(temp),
    )
    environ.update(env or {})
    return subprocess.run(
        [str(ZID_DESK), "--self-test", *extra],
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=100,
    )


def leftovers(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "tmp").rglob("*")) + sorted(
        p for p in (tmp_path / "home").rglob("*")
    )


@pytest.mark.slow
def test_self_test_passes_and_prints_one_summary_line(tmp_path: Path) -> None:
    result = run_self_test(tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    assert match["version"] == __version__
    assert int(match["schema"]) == SCHEMA_VERSION
    assert int(match["locations"]) > 0 and int(match["products"]) > 0
    assert leftovers(tmp_path) == []  # temp profile removed, nothing in the user's folders


@pytest.mark.slow
def test_missing_translations_fail_the_self_test_naming_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "no-translations"
    empty.mkdir()
    result = run_self_test(tmp_path, env={"ZID_DESK_I18N_DIR": str(empty)})
    assert result.returncode == 1
    assert result.stdout == ""
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("self-test failed at translations:"), result.stderr
    assert str(empty / "zid_desk_ar.qm") in message
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_a_self_test_out_of_time_fails_and_cleans_up(tmp_path: Path) -> None:
    result = run_self_test(tmp_path, "--timeout", "0.01")
    assert result.returncode == 1
    message = result.stderr.strip().splitlines()[-1]
    assert re.match(r"self-test failed at (sign-in|window|pull|push): timed out", message), (
        result.stderr
    )
    assert leftovers(tmp_path) == []
