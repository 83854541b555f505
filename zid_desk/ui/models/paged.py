"""A lazy table model over a cache query: COUNT for the row count, pages fetched on demand.

Sorting and filtering happen in SQL (the page function receives the filter); rows are
never loaded all at once.

Optional hooks (keyword arguments, all default to "not supported"):

- ``sort(column, descending)``: the view changes its SQL order; the model then re-queries
  (header clicks with ``setSortingEnabled(True)`` arrive here). Without it ``sort`` is a no-op.
- ``roles(record, column, role)``: any role other than DisplayRole (EditRole,
  BackgroundRole, ToolTipRole, TextAlignmentRole, user roles...); return None for "no data".
- ``flags(record, column)``: extra item flags (e.g. ``ItemIsEditable``) on top of
  enabled + selectable.
- ``set_data(record, column, value)``: commit an edit (EditRole); return True when done.
- ``page_size``: rows per fetched page (a page costs a query; the first one is on the
  critical path of every new filter, so keep it near one screenful).

``refresh()`` re-queries: with the same row count it keeps the view's selection and
current cell (``dataChanged``), otherwise it resets. ``reset()`` always resets (a new
filter or order: row N is another product now).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

PAGE = 200
MAX_PAGES = 20

Index = QModelIndex | QPersistentModelIndex
SortHook = Callable[[int, bool], None]
RolesHook = Callable[[Any, int, int], Any]
FlagsHook = Callable[[Any, int], Qt.ItemFlag]
SetDataHook = Callable[[Any, int, Any], bool]

_BASE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class PagedTableModel(QAbstractTableModel):
    def __init__(
        self,
        count: Callable[[], int],
        page: Callable[[int, int], Sequence[Any]],
        columns: Sequence[tuple[str, Callable[[Any], Any]]],
        parent: Any = None,
        *,
        sort: SortHook | None = None,
        roles: RolesHook | None = None,
        flags: FlagsHook | None = None,
        set_data: SetDataHook | None = None,
        page_size: int = PAGE,
    ) -> None:
        super().__init__(parent)
        self._page_size = max(1, int(page_size))
        self._count_fn = count
        self._page_fn = page
        self._columns = list(columns)
        self._sort_fn = sort
        self._roles_fn = roles
        self._flags_fn = flags
        self._set_data_fn = set_data
        self._rows = 0
        self._pages: OrderedDict[int, Sequence[Any]] = OrderedDict()
        self._last: tuple[int, Any] = (-1, None)  # the last record asked for
        self.reset()

    def set_columns(self, columns: Sequence[tuple[str, Callable[[Any], Any]]]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def reset(self) -> None:
        """Re-query from scratch (new filter or order): selection and editors go."""
        self.beginResetModel()
        self._pages.clear()
        self._last = (-1, None)
        self._rows = int(self._count_fn())
        self.endResetModel()

    def refresh(self) -> None:
        """Re-query after the data changed (an edit, a pull). Same row count: the rows are
        re-read in place, so the selection, the current cell and the scroll stay."""
        rows = int(self._count_fn())
        if rows != self._rows or rows == 0:
            self.beginResetModel()
            self._pages.clear()
            self._last = (-1, None)
            self._rows = rows
            self.endResetModel()
            return
        self._pages.clear()
        self._last = (-1, None)
        if self._columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(self._columns) - 1))

    def record(self, row: int) -> Any | None:
        if row == self._last[0]:  # painting asks every column and role of a row in turn
            return self._last[1]
        if not 0 <= row < self._rows:
            return None
        size = self._page_size
        number = row // size
        page = self._pages.get(number)
        if page is None:
            page = self._page_fn(number * size, size)
            self._pages[number] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * size
        record = page[offset] if offset < len(page) else None
        self._last = (row, record)
        return record

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role != Qt.ItemDataRole.DisplayRole and self._roles_fn is None:
            return None
        record = self.record(index.row())
        if record is None:
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            assert self._roles_fn is not None
            return self._roles_fn(record, index.column(), role)
        value = self._columns[index.column()][1](record)
        return "" if value is None else str(value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._flags_fn is None:
            return _BASE_FLAGS
        record = self.record(index.row())
        if record is None:
            return _BASE_FLAGS
        return _BASE_FLAGS | self._flags_fn(record, index.column())

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self._set_data_fn is None or not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        record = self.record(index.row())
        if record is None:
            return False
        return bool(self._set_data_fn(record, index.column(), value))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._sort_fn is None or not 0 <= column < len(self._columns):
            return
        self._sort_fn(column, order == Qt.SortOrder.DescendingOrder)
        self.reset()

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
