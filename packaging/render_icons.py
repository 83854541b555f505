"""Render resources/icons/zid-desk.svg to the hicolor PNG sizes and a Windows .ico."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "zid-desk.svg"))
    out = ROOT / "build" / "icons" / "hicolor"
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        target = out / f"{size}x{size}" / "apps" / "sa.zid.ZidDesk.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(target))
        if size == 256:
            ico = ROOT / "packaging" / "icons" / "zid-desk.ico"
            ico.parent.mkdir(parents=True, exist_ok=True)
            image.save(str(ico))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
