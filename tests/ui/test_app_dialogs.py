"""Settings and About dialogs (no network needed)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from zid_desk import __version__
from zid_desk.settings import Settings
from zid_desk.ui.context import AppContext
from zid_desk.ui.dialogs.about import AboutDialog
from zid_desk.ui.dialogs.settings import SettingsDialog
from zid_desk.ui.main_window import WindowHost


@pytest.fixture
def ctx(ui_profile, english):
    return AppContext(ui_profile, Settings(), lang="en")


def test_settings_are_saved_and_language_switch_rebuilds(ctx, ui_profile, qtbot) -> None:
    host = WindowHost(QApplication.instance(), ctx)  # type: ignore[arg-type]
    window = host.open()
    qtbot.addWidget(window)
    try:
        window.settings_action.trigger()
        dialog = window.findChild(SettingsDialog, "settings_dialog")
        assert dialog is not None and dialog.isVisible()
        dialog.threshold.setValue(12)
        dialog.client_id.setText("  4817 ")
        dialog.redirect_uri.setText("https://relay.example/zid")
        dialog.port.setValue(50123)
        dialog.language.setCurrentIndex(dialog.language.findData("ar"))
        changed: list[bool] = []
        window.settings_saved.connect(changed.append)
        dialog.accept()
        saved = Settings.load(ui_profile.settings_path)
        assert saved.low_stock_threshold == 12 and ctx.low_stock_threshold == 12
        assert saved.client_id == "4817" and saved.callback_port == 50123
        assert saved.redirect_uri == "https://relay.example/zid"
        assert saved.language == "ar"
        assert changed == [True]
        rebuilt = host.window
        assert rebuilt is not None and rebuilt is not window  # rebuilt in Arabic
        qtbot.addWidget(rebuilt)
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert rebuilt.settings_action.text() == "الإعدادات…"
        rebuilt.close()
    finally:
        from zid_desk.ui.i18n import install_language

        install_language(QApplication.instance(), "en")  # type: ignore[arg-type]


def test_about_shows_version_and_font_licence(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    labels = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert __version__ in labels and "MIT" in labels and "Open Font License" in labels
    licence = dialog.findChild(QPlainTextEdit, "font_licence")
    assert licence is not None
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.toPlainText()
    assert licence.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_status_bar_shows_the_push_budget_and_job_progress(ctx, qtbot) -> None:
    from zid_desk.ui.status_bar import StatusBar

    bar = StatusBar(ctx)
    qtbot.addWidget(bar)
    ctx.push_estimate = lambda: (240, 290.0)
    bar.refresh()
    assert bar.budget_label.text() == "Push of 240 edits: about 5 min"
    ctx.push_estimate = lambda: (3, 2.0)
    bar.refresh()
    assert bar.budget_label.text() == "Push of 3 edits: under a minute"
    ctx.push_estimate = lambda: (0, 0.0)
    bar.refresh()
    assert bar.budget_label.text() == ""
    assert bar.online_label.text() == "Not signed in"
    assert bar.sync_label.text() == "Never synced"
    # a job's progress, ETA and Cancel
    from zid_desk.ui.jobs import JobHandle

    bar.show()
    handle = JobHandle(ctx.jobs, "Syncing with Zid")
    handle.progress(20, 80, eta_seconds=12.2, text="products")
    bar._job_update(handle)
    assert bar.progress.isVisible() and bar.cancel_button.isVisible()
    assert (bar.progress.value(), bar.progress.maximum()) == (20, 80)
    assert bar.job_label.text() == "Syncing with Zid: products (about 13 s left)"
    handle.cancel_token.cancel()
    bar._job_update(handle)
    assert bar.job_label.text().startswith("Cancelling: Syncing with Zid")
    assert not bar.cancel_button.isEnabled()
    bar._job_finished(handle, None)
    assert not bar.progress.isVisible()


def test_gc_runs_only_from_the_gui_thread_timer(qtbot) -> None:
    import gc

    from zid_desk.ui.app import GuiThreadGC

    collector = GuiThreadGC(interval_ms=10)
    collector.start()
    try:
        assert not gc.isenabled()
        qtbot.waitUntil(lambda: collector.ticks > GuiThreadGC.FREEZE_AT_TICK, timeout=2000)
        assert gc.get_freeze_count() > 1000  # start-up objects left out of later passes
    finally:
        collector.stop()
    assert gc.isenabled() and gc.get_freeze_count() == 0
