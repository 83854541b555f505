"""A lazy table model over a cache query: COUNT for the row count, pages fetched on demand.

Sorting and filtering happen in SQL (the page function receives the filter); rows are
never loaded all at once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

PAGE = 200
MAX_PAGES = 20

Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel):
    def __init__(
        self,
        count: Callable[[], int],
        page: Callable[[int, int], Sequence[Any]],
        columns: Sequence[tuple[str, Callable[[Any], Any]]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._count_fn = count
        self._page_fn = page
        self._columns = list(columns)
        self._rows = 0
        self._pages: OrderedDict[int, Sequence[Any]] = OrderedDict()
        self.refresh()

    def set_columns(self, columns: Sequence[tuple[str, Callable[[Any], Any]]]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._rows = int(self._count_fn())
        self.endResetModel()

    def record(self, row: int) -> Any | None:
        if not 0 <= row < self._rows:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._page_fn(number * PAGE, PAGE)
            self._pages[number] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * PAGE
        return page[offset] if offset < len(page) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        record = self.record(index.row())
        if record is None:
            return None
        value = self._columns[index.column()][1](record)
        return "" if value is None else str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None  # never super(): PySide6 6.12 None-refcount bug (stack notes §0.1)
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section][0]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
