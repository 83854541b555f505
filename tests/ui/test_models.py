"""Every view's table model passes pytest-qt's model tester over sandbox data: the Stock
model in several states (filters, SQL sorts, pending and conflict marks, after edits) and
the Locations, Orders, Pending changes and History models."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import wait_until
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget
from pytestqt.modeltest import ModelTester

from zid_desk.ui.models.paged import PAGE, PagedTableModel
from zid_desk.ui.views.stock import StockView


def table_model(view: QWidget) -> QAbstractItemModel:
    tables = [t for t in view.findChildren(QAbstractItemView) if t.model() is not None]
    assert tables, f"{type(view).__name__} has no item view"
    return max(tables, key=lambda t: t.model().rowCount()).model()


def first_finite_cell(ctx: Any) -> tuple[str, str, int]:
    row = (
        ctx.cache.connection()
        .execute(
            "SELECT product_id, location_id, available_quantity FROM stocks"
            " WHERE is_infinite = 0 ORDER BY product_id LIMIT 1"
        )
        .fetchone()
    )
    return str(row[0]), str(row[1]), int(row[2])


@pytest.mark.asyncio
async def test_stock_model_passes_the_model_tester(demo_ctx, qtbot, qtmodeltester) -> None:
    view = StockView(demo_ctx)
    qtbot.addWidget(view)
    model = view.model
    assert model.rowCount() > 0 and model.columnCount() > 4
    qtmodeltester.check(model, force_py=True)
    # the tester stays connected and re-checks the whole model on every reset and
    # dataChanged: an edit (pending mark, refresh in place), SQL sorts, filters, search
    product_id, location_id, quantity = first_finite_cell(demo_ctx)
    demo_ctx.edit_count(product_id, location_id, quantity + 1)
    for column in (1, 2, model.columnCount() - 1, 3):
        model.sort(column, Qt.SortOrder.DescendingOrder)
        assert model.sort_key != "name" and model.descending
    view.pending_only.setChecked(True)
    assert model.rowCount() == 1
    view.pending_only.setChecked(False)
    view.location_filter.setCurrentIndex(1)
    view.low_stock.setChecked(True)
    view.search.setText("zzzz-no-such-product")
    await wait_until(lambda: model.rowCount() == 0)
    view.search.clear()
    await wait_until(lambda: model.rowCount() > 0)


@pytest.mark.asyncio
async def test_the_other_views_models_pass_the_model_tester(demo_ctx, qtbot, request) -> None:
    from zid_desk.ui.views.history import HistoryView
    from zid_desk.ui.views.locations import LocationsView
    from zid_desk.ui.views.orders import OrdersView
    from zid_desk.ui.views.pending import PendingView

    # some outbox and journal rows so Pending and History have data
    product_id, location_id, quantity = first_finite_cell(demo_ctx)
    demo_ctx.edit_count(product_id, location_id, quantity + 4)
    task = demo_ctx.start_push()
    assert task is not None
    await task
    demo_ctx.edit_adjust(product_id, location_id, 2, "model test")
    for cls in (LocationsView, OrdersView, PendingView, HistoryView):
        view = cls(demo_ctx)
        qtbot.addWidget(view)
        model = table_model(view)
        assert model.rowCount() > 0, f"{cls.__name__} shows no rows"
        ModelTester(request.config).check(model, force_py=True)  # one tester per model
        refresh = getattr(view, "refresh", None)
        if callable(refresh):
            refresh()  # re-checked on the signals a refresh sends


def test_paged_model_fetches_pages_lazily_and_keeps_rows_on_refresh(qtbot, qtmodeltester) -> None:
    """The shared base: only the pages looked at are fetched; a refresh with the same row
    count keeps the row (dataChanged), a different count resets; hooks reach SQL."""
    data = [f"row {i}" for i in range(5 * PAGE + 3)]
    fetched: list[int] = []
    sorts: list[tuple[int, bool]] = []

    def page(offset: int, limit: int) -> list[str]:
        fetched.append(offset)
        return data[offset : offset + limit]

    model = PagedTableModel(
        lambda: len(data),
        page,
        [("Text", lambda r: r), ("Length", len)],
        sort=lambda column, descending: sorts.append((column, descending)),
        roles=lambda r, c, role: len(r) if role == Qt.ItemDataRole.EditRole else None,
        flags=lambda r, c: Qt.ItemFlag.ItemIsEditable if c == 0 else Qt.ItemFlag.NoItemFlags,
        set_data=lambda r, c, v: data.__setitem__(data.index(r), str(v)) is None,
    )
    assert model.rowCount() == len(data) and not fetched
    assert model.index(3 * PAGE + 1, 0).data() == f"row {3 * PAGE + 1}"
    assert fetched == [3 * PAGE]
    assert model.index(3 * PAGE + 1, 1).data(Qt.ItemDataRole.EditRole) == len("row 601")
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, 0), "changed")
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert sorts == [(1, True)]

    resets: list[bool] = []
    changed: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda *_: changed.append(True))
    model.refresh()
    assert changed == [True] and not resets
    assert model.index(0, 0).data() == "changed"
    data.append("one more")
    model.refresh()
    assert resets == [True] and model.rowCount() == 5 * PAGE + 4
    qtmodeltester.check(model, force_py=True)
