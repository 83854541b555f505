"""The main window: navigation (Stock, Locations, Orders, Pending changes, History) over a
stack of views, the toolbar (Sync, Push, Import CSV, search, scan box), menus, a message bar
for clear error messages, and the status bar. Window, splitter and table-header states are
saved per layout direction (RTL and LTR restore differently)."""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from zid_desk.ui.context import ACTION_SIGN_IN, LEVEL_ERROR, LEVEL_INFO, LEVEL_WARNING, AppContext
from zid_desk.ui.i18n import directional_icon
from zid_desk.ui.status_bar import StatusBar

log = logging.getLogger(__name__)

PAGES = ("stock", "locations", "orders", "pending", "history")
VIEW_CLASSES = {
    "stock": ("zid_desk.ui.views.stock", "StockView"),
    "locations": ("zid_desk.ui.views.locations", "LocationsView"),
    "orders": ("zid_desk.ui.views.orders", "OrdersView"),
    "pending": ("zid_desk.ui.views.pending", "PendingView"),
    "history": ("zid_desk.ui.views.history", "HistoryView"),
}
IMPORT_WIZARD = ("zid_desk.ui.dialogs.import_wizard", "ImportWizard")


def load_class(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None  # that module is not written yet
        raise


class MessageBar(QFrame):
    """A dismissable line above the views: what went wrong and what to do."""

    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.icon = QLabel(self)
        self.label = QLabel(self)
        self.label.setObjectName("message_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("message_action")
        self.close_button = QPushButton(self.tr("Dismiss"), self)
        self.close_button.setObjectName("message_close")
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self.close_button.clicked.connect(self.hide)
        self.action_button.clicked.connect(self._act)
        self.level = ""
        self.action = ""
        self.hide()

    def show_message(self, level: str, text: str, action: str = "") -> None:
        self.level, self.action = level, action
        style = self.style()
        pixmap = {
            LEVEL_ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
            LEVEL_WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
            LEVEL_INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
        }.get(level, QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.icon.setPixmap(style.standardIcon(pixmap).pixmap(20, 20))
        self.label.setText(text)
        if action == ACTION_SIGN_IN:
            self.action_button.setText(self.tr("Sign in…"))
            self.action_button.show()
        else:
            self.action_button.hide()
        self.show()

    def _act(self) -> None:
        self.action_requested.emit(self.action)


class MainWindow(QMainWindow):
    """Built for one language; the WindowHost rebuilds it when the language changes."""

    language_requested = Signal(str)
    closing = Signal()
    settings_saved = Signal(bool)  # connection settings changed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("main_window")
        self.setLayoutDirection(QApplication.layoutDirection())
        self.views: dict[str, QWidget] = {}
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        adjust = getattr(self.views.get("stock"), "adjust_action", None)
        if isinstance(adjust, QAction):  # Receive / remove goods (Ctrl+R), from the Stock view
            self.toolbar.insertAction(self.search_action, adjust)
            adjust.triggered.connect(lambda _checked=False: self.show_page("stock"))
        self.status = StatusBar(ctx, self)
        self.setStatusBar(self.status)
        self._connect_context()
        self.update_title()
        self._update_actions()
        self.resize(1200, 760)
        self.restore_state()
        self.setAcceptDrops(True)  # a stock file dropped on the window opens the import

    # ---- building -------------------------------------------------------------------------
    def _build_actions(self) -> None:
        style = self.style()
        sp = QStyle.StandardPixmap
        self.sync_action = QAction(style.standardIcon(sp.SP_BrowserReload), self.tr("Sync"), self)
        self.sync_action.setObjectName("sync")
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_action.setToolTip(self.tr("Fetch the latest stock and orders from Zid (F5)"))
        self.sync_action.triggered.connect(self.sync)

        self.push_action = QAction(style.standardIcon(sp.SP_ArrowUp), self.tr("Push"), self)
        self.push_action.setObjectName("push")
        self.push_action.setShortcut(QKeySequence("Ctrl+P"))
        self.push_action.setToolTip(self.tr("Send your pending edits to Zid (Ctrl+P)"))
        self.push_action.triggered.connect(self.push)

        self.import_action = QAction(
            style.standardIcon(sp.SP_DialogOpenButton), self.tr("Import CSV…"), self
        )
        self.import_action.setObjectName("import_csv")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setToolTip(self.tr("Load stock counts from a CSV or Excel file"))
        self.import_action.triggered.connect(self.open_import)

        self.export_action = QAction(
            style.standardIcon(sp.SP_DialogSaveButton), self.tr("Export stock…"), self
        )
        self.export_action.setObjectName("export_stock")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip(
            self.tr("Save the stock as an Excel or CSV file (a count sheet that imports back)")
        )
        self.export_action.triggered.connect(self.open_export)

        self.search_action = QAction(
            style.standardIcon(sp.SP_FileDialogContentsView), self.tr("Search"), self
        )
        self.search_action.setObjectName("search")
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.setToolTip(self.tr("Search products by name, SKU or barcode (Ctrl+F)"))
        self.search_action.triggered.connect(self.focus_search)

        self.cancel_action = QAction(self.tr("Cancel the running job"), self)
        self.cancel_action.setObjectName("cancel")
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.cancel_action.triggered.connect(self.ctx.jobs.cancel_all)
        self.cancel_action.setEnabled(False)
        self.addAction(self.cancel_action)

        self.sign_in_action = QAction(self.tr("Sign in…"), self)
        self.sign_in_action.setObjectName("sign_in")
        self.sign_in_action.triggered.connect(self.open_sign_in)
        self.sign_out_action = QAction(self.tr("Sign out…"), self)
        self.sign_out_action.setObjectName("sign_out")
        self.sign_out_action.triggered.connect(self.confirm_sign_out)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.setObjectName("settings")
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.setObjectName("quit")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self.tr("About Zid Desk"), self)
        self.about_action.setObjectName("about")
        self.about_action.triggered.connect(self.open_about)

        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.arabic_action = QAction("العربية", self)  # a language's own name: never translated
        self.english_action = QAction("English", self)
        for action, lang in ((self.arabic_action, "ar"), (self.english_action, "en")):
            action.setObjectName(f"lang_{lang}")
            action.setCheckable(True)
            action.setChecked(self.ctx.lang == lang)
            action.setData(lang)
            self.language_group.addAction(action)
        self.language_group.triggered.connect(lambda a: self.language_requested.emit(str(a.data())))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.setObjectName("file_menu")
        file_menu.addAction(self.sign_in_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.sync_action)
        file_menu.addAction(self.push_action)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.setObjectName("view_menu")
        self.go_actions: dict[str, QAction] = {}
        for index, page in enumerate(PAGES):
            action = QAction(self.page_title(page), self)
            action.setObjectName(f"go_{page}")
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _c=False, p=page: self.show_page(p))
            view_menu.addAction(action)
            self.go_actions[page] = action
        view_menu.addSeparator()
        view_menu.addAction(self.search_action)
        language_menu = view_menu.addMenu(self.tr("Language"))
        language_menu.setObjectName("language_menu")
        language_menu.addAction(self.arabic_action)
        language_menu.addAction(self.english_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.setObjectName("help_menu")
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main toolbar"), self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addAction(self.sync_action)
        toolbar.addAction(self.push_action)
        toolbar.addAction(self.import_action)
        toolbar.addSeparator()
        toolbar.addAction(self.search_action)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.scan_box = QLineEdit(toolbar)
        self.scan_box.setObjectName("scan_box")
        self.scan_box.setPlaceholderText(self.tr("Scan or type a barcode, then Enter"))
        self.scan_box.setToolTip(self.tr("Barcode scanner input: jumps to the product"))
        self.scan_box.setClearButtonEnabled(True)
        self.scan_box.setMinimumWidth(240)
        self.scan_box.returnPressed.connect(self.apply_scan)
        toolbar.addWidget(self.scan_box)
        self.toolbar = toolbar
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def page_title(self, page: str) -> str:
        return {
            "stock": self.tr("Stock"),
            "locations": self.tr("Locations"),
            "orders": self.tr("Orders"),
            "pending": self.tr("Pending changes"),
            "history": self.tr("History"),
        }[page]

    def page_icon(self, page: str) -> QIcon:
        sp = QStyle.StandardPixmap
        if page == "history":  # going back in time: a directional icon, mirrored in RTL
            return directional_icon("undo", self)
        pixmap = {
            "stock": sp.SP_FileDialogDetailedView,
            "locations": sp.SP_DirHomeIcon,
            "orders": sp.SP_FileDialogListView,
            "pending": sp.SP_ArrowUp,
        }[page]
        return self.style().standardIcon(pixmap)

    def _build_central(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.message_bar = MessageBar(central)
        self.message_bar.action_requested.connect(self._message_action)
        layout.addWidget(self.message_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("main_splitter")
        self.nav = QListWidget(self.splitter)
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(140)
        self.stack = QStackedWidget(self.splitter)
        self.stack.setObjectName("pages")
        for page in PAGES:
            item = QListWidgetItem(self.page_icon(page), self.page_title(page))
            item.setData(Qt.ItemDataRole.UserRole, page)
            self.nav.addItem(item)
            view = self._make_view(page)
            self.views[page] = view
            self.stack.addWidget(view)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 1030])
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _make_view(self, page: str) -> QWidget:
        module, name = VIEW_CLASSES[page]
        cls = load_class(module, name)
        if cls is None:
            # Only while the views are being written (H6b); removed once they all exist.
            placeholder = QLabel(self.page_title(page), self)
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            return placeholder
        view: QWidget = cls(self.ctx, self)
        view.setObjectName(f"{page}_view")  # views follow ctx.cache_changed themselves
        return view

    def _connect_context(self) -> None:
        ctx = self.ctx
        ctx.message_posted.connect(self.message_bar.show_message)
        ctx.busy_changed.connect(self._busy_changed)
        ctx.signed_in_changed.connect(self._signed_in_changed)
        ctx.online_changed.connect(self._busy_changed)
        ctx.show_product_requested.connect(self.show_product)
        ctx.status_changed.connect(self._update_actions)

    def _disconnect_context(self) -> None:
        ctx = self.ctx
        for signal, slot in (
            (ctx.message_posted, self.message_bar.show_message),
            (ctx.show_product_requested, self.show_product),
            (ctx.status_changed, self._update_actions),
            (ctx.busy_changed, self._busy_changed),
            (ctx.signed_in_changed, self._signed_in_changed),
            (ctx.online_changed, self._busy_changed),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    # ---- state ----------------------------------------------------------------------------
    def update_title(self) -> None:
        title = self.tr("Zid Desk")
        if self.ctx.demo:
            title = self.tr("Zid Desk (Demo)")
        if self.ctx.store_name:
            title = f"{self.ctx.store_name} \u2014 {title}"
        self.setWindowTitle(title)

    def _signed_in_changed(self, _signed_in: bool = False) -> None:
        self.update_title()
        self._update_actions()

    def _busy_changed(self, _busy: bool = False) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        ctx = self.ctx
        busy = ctx.busy
        has_store = ctx.engine is not None
        self.sync_action.setEnabled(not busy and has_store)
        self.push_action.setEnabled(not busy and has_store)
        self.export_action.setEnabled(ctx.cache is not None)
        self.import_action.setEnabled(has_store and load_class(*IMPORT_WIZARD) is not None)
        self.cancel_action.setEnabled(busy)
        self.sign_out_action.setEnabled(ctx.signed_in and not busy)
        self.sign_in_action.setEnabled(not busy)

    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()]

    def show_page(self, page: str) -> QWidget:
        index = PAGES.index(page)
        self.nav.setCurrentRow(index)
        return self.views[page]

    # ---- actions --------------------------------------------------------------------------
    def sync(self) -> None:
        self.ctx.start_sync()

    def push(self) -> None:
        self.ctx.start_push()

    def focus_search(self) -> None:
        view = self.show_page("stock")
        focus = getattr(view, "focus_search", None)
        if callable(focus):
            focus()

    def apply_scan(self) -> bool:
        code = self.scan_box.text().strip()
        if not code:
            return False
        view = self.show_page("stock")
        apply: Callable[[str], bool] | None = getattr(view, "apply_scan", None)
        found = bool(apply(code)) if callable(apply) else False
        if found:
            self.scan_box.clear()
            self.message_bar.hide()
        else:
            self.scan_box.selectAll()
            self.message_bar.show_message(
                LEVEL_WARNING,
                self.tr("No product with the code %1 in the cache").replace(
                    "%1", "\u2066" + code + "\u2069"
                ),
            )
        return found

    def show_product(self, product_id: str) -> None:
        view = self.show_page("stock")
        select = getattr(view, "select_product", None)
        if callable(select) and not select(product_id):
            self.message_bar.show_message(
                LEVEL_WARNING, self.tr("That product is not in the cache: sync first")
            )

    def open_import(self) -> None:
        cls = load_class(*IMPORT_WIZARD)
        if cls is None:
            return
        dialog = cls(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def import_file(self, path: Path) -> QWidget | None:
        """The import dialog, started on `path` (a file dropped on the window)."""
        cls = load_class(*IMPORT_WIZARD)
        if cls is None or not self.import_action.isEnabled():
            return None
        dialog: Any = cls(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.open_path(path)
        return dialog

    def _dropped_file(self, event: QDragEnterEvent | QDropEvent) -> Path | None:
        if not self.import_action.isEnabled():
            return None
        from zid_desk.ui.dialogs.import_wizard import local_file

        return local_file(event.mimeData())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_file(path)

    def open_export(self) -> None:
        if self.ctx.cache is None:
            return
        from zid_desk.ui.dialogs.export import ExportDialog

        dialog = ExportDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_sign_in(self) -> None:
        from zid_desk.ui.dialogs.signin import SignInDialog

        dialog = SignInDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def confirm_sign_out(self) -> None:
        from zid_desk.ui.dialogs.signin import ask_sign_out

        self.ctx.spawn(ask_sign_out(self.ctx, self))

    def open_settings(self) -> None:
        from zid_desk.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.language_chosen.connect(self.language_requested)
        dialog.connection_changed.connect(lambda: self.settings_saved.emit(True))
        dialog.open()

    def open_about(self) -> None:
        from zid_desk.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _message_action(self, action: str) -> None:
        if action == ACTION_SIGN_IN:
            self.open_sign_in()

    # ---- saved layout (per direction) -----------------------------------------------------
    def _settings(self) -> QSettings:
        path = self.ctx.profile.config_dir / "window.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _prefix(self) -> str:
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        return "rtl" if rtl else "ltr"

    def _headers(self) -> dict[str, QHeaderView]:
        out: dict[str, QHeaderView] = {}
        for page, view in self.views.items():
            for header in view.findChildren(QHeaderView):
                if header.orientation() != Qt.Orientation.Horizontal:
                    continue
                table = header.parent()
                name = table.objectName() if table is not None else ""
                if name:
                    out[f"{page}.{name}"] = header
        return out

    def save_state(self) -> None:
        s = self._settings()
        p = self._prefix()
        s.setValue(f"{p}/geometry", self.saveGeometry())
        s.setValue(f"{p}/state", self.saveState())
        s.setValue(f"{p}/splitter", self.splitter.saveState())
        s.setValue(f"{p}/page", self.current_page())
        for key, header in self._headers().items():
            s.setValue(f"{p}/header/{key}", header.saveState())
        s.sync()

    def restore_state(self) -> None:
        s = self._settings()
        p = self._prefix()
        geometry = s.value(f"{p}/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = s.value(f"{p}/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = s.value(f"{p}/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        page = s.value(f"{p}/page")
        if isinstance(page, str) and page in PAGES:
            self.show_page(page)
        self.restore_headers()

    def restore_headers(self) -> None:
        s = self._settings()
        p = self._prefix()
        for key, header in self._headers().items():
            value = s.value(f"{p}/header/{key}")
            if isinstance(value, QByteArray) and not value.isEmpty():
                header.restoreState(value)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self._disconnect_context()
        super().closeEvent(event)
        self.closing.emit()


class WindowHost(QObject):
    """Owns the main window; rebuilds it when the language changes (new translators and
    layout direction apply to freshly built widgets). ``closed`` fires when the user closes
    the window (not on a rebuild)."""

    closed = Signal()

    def __init__(self, app: QApplication, ctx: AppContext) -> None:
        super().__init__()
        self.app = app
        self.ctx = ctx
        self.window: MainWindow | None = None
        self._rebuilding = False

    def open(self) -> MainWindow:
        window = MainWindow(self.ctx)
        window.language_requested.connect(self.switch_language)
        window.closing.connect(self._window_closing)
        window.settings_saved.connect(self._settings_saved)
        self.window = window
        window.show()
        return window

    def switch_language(self, lang: str) -> None:
        """Switch to "ar" or "en" and remember it; "" means "follow the system"."""
        from zid_desk.ui.i18n import LANGUAGES, install_language, system_language

        ctx = self.ctx
        remembered = lang
        if lang == "":
            lang = system_language()
        if lang not in LANGUAGES:
            return
        if ctx.settings.language != remembered:
            ctx.settings.language = remembered
            ctx.save_settings()
        if lang == ctx.lang and self.window is not None:
            return
        ctx.lang = lang
        install_language(self.app, lang)
        old = self.window
        page = old.current_page() if old is not None else "stock"
        if old is not None:
            self._rebuilding = True
            try:
                old.close()
            finally:
                self._rebuilding = False
            old.deleteLater()
        new = self.open()
        new.show_page(page)
        ctx.language_changed.emit(lang)

    def _window_closing(self) -> None:
        if not self._rebuilding:
            self.closed.emit()

    def _settings_saved(self, connection_changed: bool) -> None:
        if connection_changed and self.ctx.http is not None and not self.ctx.busy:
            self.ctx.spawn(self.ctx.open_store())
