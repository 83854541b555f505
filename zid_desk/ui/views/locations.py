"""Locations: bilingual name (UI language first), city, address, default / private /
enabled, products in stock and total units (numbers isolated for right-to-left); create and
edit a location through the Zid API (LocationDialog)."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from zid_desk.api.errors import ValidationError, ZidError
from zid_desk.ui.views.base import TablePage, isolate
from zid_desk.ui.views.pending import fit_columns


def bilingual(lang: str, ar: str, en: str) -> str:
    """Both names, the UI language's first: "الرياض — Riyadh" / "Riyadh — الرياض"."""
    first, second = (ar, en) if lang == "ar" else (en, ar)
    if first and second and first != second:
        return f"{first} \u2014 {second}"
    return first or second


class LocationsView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, searchable=False)
        self.setObjectName("locations_view")
        self.new_button = QPushButton(self.tr("New location…"), self)
        self.new_button.setObjectName("new_location")
        self.new_button.clicked.connect(self.new_location)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("edit_location")
        self.edit_button.clicked.connect(self.edit_selected)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertLayout(0, row)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        ctx.signed_in_changed.connect(self._signed_in_changed)
        self.dialog: LocationDialog | None = None
        fit_columns(self)
        self.update_buttons()

    def columns(self) -> list[tuple[str, Any]]:
        yes, no = self.tr("Yes"), self.tr("No")
        lang = self.ctx.lang
        return [
            (self.tr("Name"), lambda r: bilingual(lang, r.name_ar, r.name_en)),
            (self.tr("City"), lambda r: (r.city_ar or r.city_en) if lang == "ar"
             else (r.city_en or r.city_ar)),
            (self.tr("Address"), lambda r: r.full_address),
            (self.tr("Default"), lambda r: yes if r.is_default else no),
            (self.tr("Private"), lambda r: yes if r.is_private else no),
            (self.tr("Enabled"), lambda r: yes if r.is_enabled else no),
            (self.tr("Products in stock"), lambda r: isolate(r.products_in_stock)),
            (self.tr("Total units"), lambda r: isolate(r.total_units)),
        ]

    def count(self) -> int:
        return len(self.ctx.cache.locations())

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.locations())[offset : offset + limit]

    # ---- create / edit --------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "edit_button"):
            fit_columns(self)
            self.update_buttons()

    def update_buttons(self) -> None:
        online = self.ctx.signed_in
        self.new_button.setEnabled(online)
        self.edit_button.setEnabled(online and len(self.selected_records()) == 1)

    def _selection_changed(self, *_args: Any) -> None:
        self.update_buttons()

    def _signed_in_changed(self, _signed_in: bool) -> None:
        self.update_buttons()

    def _activated(self, index: Any) -> None:
        record = self.model.record(index.row())
        if record is not None and self.ctx.signed_in:
            self.open_dialog(record.id)

    def new_location(self) -> LocationDialog:
        return self.open_dialog(None)

    def edit_selected(self) -> LocationDialog | None:
        selected = self.selected_records()
        return self.open_dialog(selected[0].id) if len(selected) == 1 else None

    def open_dialog(self, location_id: str | None) -> LocationDialog:
        dialog = LocationDialog(self.ctx, location_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, *_args: Any) -> None:
        self.dialog = None


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class LocationDialog(QDialog):
    """Create (location_id None) or edit a location on Zid; the cache's locations are read
    again from Zid after saving. Countries and cities come from Zid as the dialog opens."""

    def __init__(self, ctx: Any, location_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.location_id = location_id
        self.location = ctx.cache.location(location_id) if location_id and ctx.cache else None
        self.setObjectName("location_dialog")
        self.setWindowTitle(self.tr("New location") if location_id is None
                            else self.tr("Edit location"))
        self.name_ar = QLineEdit(self)
        self.name_ar.setObjectName("name_ar")
        self.name_ar.setPlaceholderText(self.tr("Name in Arabic"))
        self.name_en = QLineEdit(self)
        self.name_en.setObjectName("name_en")
        self.name_en.setPlaceholderText(self.tr("Name in English"))
        self.country = QComboBox(self)
        self.country.setObjectName("country")
        self.city = QComboBox(self)
        self.city.setObjectName("city")
        self.full_address = QLineEdit(self)
        self.full_address.setObjectName("full_address")
        self.short_address = QLineEdit(self)
        self.short_address.setObjectName("short_address")
        self.short_address.setPlaceholderText(self.tr("National short address (Saudi Arabia)"))
        self.is_default = QCheckBox(self.tr("Default location"), self)
        self.is_default.setObjectName("is_default")
        self.is_private = QCheckBox(self.tr("Private location"), self)
        self.is_private.setObjectName("is_private")
        self.is_enabled = QCheckBox(self.tr("Enabled"), self)
        self.is_enabled.setObjectName("is_enabled")
        self.is_enabled.setChecked(True)
        self.status = QLabel(self)
        self.status.setObjectName("location_status")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Arabic name:"), self.name_ar)
        form.addRow(self.tr("English name:"), self.name_en)
        form.addRow(self.tr("Country:"), self.country)
        form.addRow(self.tr("City:"), self.city)
        form.addRow(self.tr("Address:"), self.full_address)
        form.addRow(self.tr("Short address:"), self.short_address)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for box in (self.is_default, self.is_private, self.is_enabled):
            layout.addWidget(box)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("Save to Zid"), self)
        self.save_button.setObjectName("save_location")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.saving: asyncio.Task[Any] | None = None
        self.loading: asyncio.Task[Any] | None = None
        self._fill()
        self.country.currentIndexChanged.connect(self._country_changed)
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Loading countries and cities from Zid…"))
        self.loading = ctx.spawn(self._load_places())

    def _fill(self) -> None:
        loc = self.location
        if loc is None:
            return
        self.name_ar.setText(loc.name.ar)
        self.name_en.setText(loc.name.en)
        self.full_address.setText(loc.full_address)
        self.short_address.setText(loc.short_address or "")
        self.is_default.setChecked(loc.is_default)
        self.is_private.setChecked(loc.is_private)
        self.is_enabled.setChecked(loc.is_enabled)

    def done(self, result: int) -> None:
        """Closing stops the loading of cities (and an unfinished save: the next sync shows
        whatever reached Zid)."""
        current = asyncio.current_task() if _loop_running() else None
        for task in (self.loading, self.saving):
            if task is not None and task is not current and not task.done():
                task.cancel()
        super().done(result)

    @property
    def client(self) -> Any:
        connection = self.ctx.connection
        return None if connection is None else connection.client

    # ---- countries and cities -------------------------------------------------------------
    async def _load_places(self) -> None:
        client = self.client
        if client is None:
            self.status.setText(self.tr("Sign in to edit locations on Zid."))
            return
        try:
            countries = await client.list_countries()
        except ZidError as exc:
            if isValid(self):
                self.status.setText(self.ctx.error_text(exc))
            return
        if not isValid(self):  # the window was rebuilt (language switch) meanwhile
            return
        wanted = self.location.country_code if self.location else ""
        self.country.blockSignals(True)
        for c in countries:
            self.country.addItem(str(c.get("name") or c.get("code") or ""), c.get("id"))
            if wanted and wanted in (c.get("code"), c.get("country_code")):
                self.country.setCurrentIndex(self.country.count() - 1)
        self.country.blockSignals(False)
        await self._load_cities()

    def _country_changed(self, _index: int) -> None:
        self.loading = self.ctx.spawn(self._load_cities())

    async def _load_cities(self) -> None:
        country_id = self.country.currentData()
        if country_id is None:
            return
        self.save_button.setEnabled(False)
        try:
            cities = await self.client.list_cities(int(country_id))
        except ZidError as exc:
            if isValid(self):
                self.status.setText(self.ctx.error_text(exc))
            return
        if not isValid(self):
            return
        wanted = self.location.city_id if self.location else None
        lang = self.ctx.lang
        self.city.clear()
        for c in cities:
            name = c.get("ar_name") if lang == "ar" else c.get("en_name")
            self.city.addItem(str(name or c.get("name") or c.get("id")), c.get("id"))
            if wanted is not None and c.get("id") == wanted:
                self.city.setCurrentIndex(self.city.count() - 1)
        self.status.setText("")
        self.save_button.setEnabled(True)

    # ---- save -----------------------------------------------------------------------------
    def save(self) -> None:
        if not self.name_ar.text().strip() or not self.name_en.text().strip():
            self.status.setText(self.tr("Give the location a name in Arabic and in English."))
            return
        if self.city.currentData() is None:
            self.status.setText(self.tr("Choose a city."))
            return
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Saving to Zid…"))
        self.saving = self.ctx.spawn(self._save())

    def fields(self) -> dict[str, Any]:
        short = self.short_address.text().strip()
        out: dict[str, Any] = {
            "name_ar": self.name_ar.text().strip(),
            "name_en": self.name_en.text().strip(),
            "city_id": int(self.city.currentData()),
            "full_address": self.full_address.text().strip(),
            "is_default": self.is_default.isChecked(),
            "is_private": self.is_private.isChecked(),
            "is_enabled": self.is_enabled.isChecked(),
        }
        if short:
            out["short_address"] = short
        return out

    async def _save(self) -> None:
        client = self.client
        try:
            if self.location_id is None:
                await client.create_location(**self.fields())
            else:
                await client.update_location(self.location_id, **self.fields())
            locations = [loc async for loc in client.iter_locations()]
        except ZidError as exc:
            if isValid(self):
                self._save_failed(exc)
            return
        await asyncio.to_thread(self.ctx.cache.upsert_locations, locations)
        self.ctx.cache_changed.emit()
        self.ctx.status_changed.emit()
        if isValid(self):
            self.accept()

    def _save_failed(self, exc: ZidError) -> None:
        """Zid's refusal (e.g. a missing short address) stays in the dialog to be fixed;
        other errors also go to the window's message bar."""
        self.status.setText(self.ctx.error_text(exc))
        self.save_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        if not isinstance(exc, ValidationError):
            self.ctx.report_error(exc)
