"""The conflict dialog against a real sandbox: a count typed, a sale/edit on Zid, a push
that holds it as a conflict; the dialog shows loaded / typed / Zid's values; Keep mine
lands the typed count on Zid, Keep Zid's value drops it and the cache shows Zid's."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import wait_until
from PySide6.QtCore import Qt

from zid_desk.domain.models import ChangeState
from zid_desk.ui.dialogs.conflict import ConflictDialog
from zid_desk.ui.views.pending import PendingView


def finite_cell(ctx: Any) -> tuple[str, str, int]:
    row = ctx.cache.connection().execute(
        "SELECT product_id, location_id, available_quantity FROM stocks"
        " WHERE is_infinite = 0 AND available_quantity >= 5 ORDER BY product_id LIMIT 1"
    ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1]), int(row[2])


def remote(sandbox: Any, product_id: str, location_id: str) -> int:
    return int(sandbox.control.stock(product_id)["stocks"][location_id])


async def make_conflict(ctx: Any, sandbox: Any) -> tuple[str, str, int, int]:
    """Type 99 over `before`, then Zid changes to `before - 1` (a sale), then push."""
    pid, lid, before = finite_cell(ctx)
    change_id = ctx.engine.set_count(pid, lid, 99)
    ctx.cache_changed.emit()
    sandbox.control.change_product(pid, location_id=lid, quantity=before - 1)
    task = ctx.start_push()
    assert task is not None
    await task
    assert ctx.cache.change(change_id).state is ChangeState.CONFLICT
    assert remote(sandbox, pid, lid) == before - 1  # Zid's newer value kept
    return pid, lid, before, change_id


async def open_from_pending(ctx: Any, qtbot: Any) -> tuple[PendingView, ConflictDialog]:
    """Pending changes > Conflicts > select > Resolve… (real clicks)."""
    view = PendingView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    view.set_state_filter("conflict")
    assert view.model.rowCount() == 1
    assert not view.resolve_button.isEnabled()
    rect = view.table.visualRect(view.model.index(0, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.resolve_button.isEnabled()
    qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(ConflictDialog, "conflict_dialog")
    assert dialog is not None and dialog.isVisible()
    return view, dialog


@pytest.mark.asyncio
async def test_keep_mine_lands_the_typed_count_on_zid(demo_ctx, ui_sandbox, qtbot) -> None:
    pid, lid, before, change_id = await make_conflict(demo_ctx, ui_sandbox)
    view, dialog = await open_from_pending(demo_ctx, qtbot)
    assert dialog.change_id == change_id
    product = demo_ctx.cache.product(pid)
    assert product.name_en in dialog.product_label.text()
    assert product.sku in dialog.product_label.text()
    assert dialog.base_label.text() == f"\u2066{before}\u2069"  # what was loaded
    assert dialog.mine_label.text() == "\u206699\u2069"  # what was typed
    assert dialog.remote_label.text() == f"\u2066{before - 1}\u2069"  # Zid at push
    assert dialog.current_label.text() == f"\u2066{before - 1}\u2069"  # cached remote now
    qtbot.mouseClick(dialog.keep_mine_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    queued = demo_ctx.cache.pending_changes()
    assert [(c.product_id, c.location_id, c.value, c.base_quantity) for c in queued] == [
        (pid, lid, 99, before - 1)
    ]
    assert demo_ctx.conflict_count() == 0
    assert view.model.rowCount() == 0  # the conflict filter is empty now
    view.set_state_filter("all")
    qtbot.mouseClick(view.push_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: not demo_ctx.busy)
    assert remote(ui_sandbox, pid, lid) == 99
    assert demo_ctx.cache.stock_cell(pid, lid).quantity == 99
    assert demo_ctx.pending_count() == 0


@pytest.mark.asyncio
async def test_keep_zid_drops_the_count_and_shows_zids_value(demo_ctx, ui_sandbox, qtbot) -> None:
    pid, lid, before, change_id = await make_conflict(demo_ctx, ui_sandbox)
    view, dialog = await open_from_pending(demo_ctx, qtbot)
    qtbot.mouseClick(dialog.keep_zid_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert demo_ctx.cache.change(change_id).state is ChangeState.DISCARDED
    assert demo_ctx.pending_count() == 0 and demo_ctx.conflict_count() == 0
    view.set_state_filter("waiting")
    assert view.model.rowCount() == 0  # the outbox row is gone from what is waiting
    cell = demo_ctx.cache.stock_cell(pid, lid)
    assert cell.quantity == before - 1 and not cell.pending and not cell.conflict
    assert remote(ui_sandbox, pid, lid) == before - 1


@pytest.mark.asyncio
async def test_cancel_keeps_the_conflict_and_a_settled_one_cannot_be_resolved_twice(
    demo_ctx, ui_sandbox, qtbot
) -> None:
    _pid, _lid, _before, change_id = await make_conflict(demo_ctx, ui_sandbox)
    _view, dialog = await open_from_pending(demo_ctx, qtbot)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert demo_ctx.cache.change(change_id).state is ChangeState.CONFLICT
    # another window settles it first: this dialog says so instead of crashing
    stale = ConflictDialog(demo_ctx, change_id)
    qtbot.addWidget(stale)
    stale.open()
    demo_ctx.engine.resolve_conflict(change_id, "zid")
    messages: list[tuple[str, str, str]] = []
    demo_ctx.message_posted.connect(lambda *m: messages.append(m))
    qtbot.mouseClick(stale.keep_mine_button, Qt.MouseButton.LeftButton)
    assert not stale.isVisible()
    assert messages and messages[-1][0] == "warning"
    assert "no longer a conflict" in messages[-1][1]
    assert demo_ctx.pending_count() == 0
    reopened = ConflictDialog(demo_ctx, change_id)
    qtbot.addWidget(reopened)
    assert not reopened.keep_mine_button.isEnabled()
    assert not reopened.keep_zid_button.isEnabled()


@pytest.mark.asyncio
async def test_status_bar_conflicts_lead_to_the_dialog(demo_ctx, ui_sandbox, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    from zid_desk.ui.main_window import WindowHost

    _pid, _lid, _before, change_id = await make_conflict(demo_ctx, ui_sandbox)
    window = WindowHost(QApplication.instance(), demo_ctx).open()  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    conflicts = window.status.conflicts_label
    assert conflicts.isVisible() and conflicts.text() == "Conflicts: 1"
    qtbot.mouseClick(conflicts, Qt.MouseButton.LeftButton)
    assert window.current_page() == "pending"
    view = window.views["pending"]
    assert isinstance(view, PendingView)
    assert view.state_combo.currentData() == "conflict" and view.model.rowCount() == 1
    # Enter on the conflict row opens the dialog
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.findChild(ConflictDialog, "conflict_dialog")
    assert dialog is not None and dialog.isVisible() and dialog.change_id == change_id
    qtbot.mouseClick(dialog.keep_zid_button, Qt.MouseButton.LeftButton)
    assert not conflicts.isVisible()
    assert view.model.rowCount() == 0
    window.close()


@pytest.mark.asyncio
async def test_a_change_that_may_have_landed_is_explained_and_kept_once(
    demo_ctx, ui_sandbox, qtbot
) -> None:
    """Goods received (+10) were being sent when the app died, and a sale happened since:
    Zid's value matches neither before nor after, so the push holds it for the user."""
    from zid_desk.cache.records import ChangeResult

    pid, lid, base = finite_cell(demo_ctx)
    change_id = demo_ctx.engine.adjust(pid, lid, 10, note="delivery")
    demo_ctx.cache.mark_results(  # the state a crash mid-send leaves
        [ChangeResult(change_id, ChangeState.SENDING, sent_value=base + 10, sent_base=base)]
    )
    ui_sandbox.control.change_product(pid, location_id=lid, quantity=base - 1)  # a sale
    task = demo_ctx.start_push()
    assert task is not None
    await task
    assert demo_ctx.cache.change(change_id).state is ChangeState.CONFLICT
    view, dialog = await open_from_pending(demo_ctx, qtbot)
    reason = view.model.index(0, 6).data()
    assert reason.startswith("Zid's value changed while this was being sent")
    assert f"Zid has \u2066{base - 1}\u2069" in reason
    assert "may already have landed" in dialog.explanation.text()
    assert dialog.mine_label.text() == "\u2066\u200e+10\u2069"  # the delta, not a count
    qtbot.mouseClick(dialog.keep_mine_button, Qt.MouseButton.LeftButton)
    task = demo_ctx.start_push()
    assert task is not None
    await task
    assert remote(ui_sandbox, pid, lid) == base - 1 + 10  # the delivery once, after the sale
    assert demo_ctx.pending_count() == 0 and demo_ctx.conflict_count() == 0
