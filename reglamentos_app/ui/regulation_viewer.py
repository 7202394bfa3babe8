"""The regulation viewer: loads one regulation in the background and shows it.

``show_regulation(uri)`` reads the work, its versions and the chosen version's text in one
op, then fills the structure tree, the formatted text, the version selector and the import
report of that version. Clicking a node of the tree scrolls the text to the provision's
anchor. A quick succession of requests is safe: results arrive in order and only the last
request's result is shown. ``sig_loaded(uri)`` fires once a text is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QWidget

from ..domain.regulation import Expression, Regulation
from ..services import Services
from .ops import Op, OpRunner
from .text_html import format_date, regulation_html
from .views.regulation_viewer_view import RegulationViewerView


@dataclass(slots=True)
class LoadedText:
    """Everything the viewer shows for one regulation and version."""

    uri: str
    regulation: Regulation
    versions: list[Any]  # storage's VersionInfo; the GUI only reads its attributes
    index: int
    expression: Expression


def load_text(services: Services, uri: str, index: int | None = None,
              when: date | None = None) -> LoadedText:
    """Runs on the worker: the regulation and version ``index`` (default: the one in force
    on ``when``, or today — a published reform that starts later is not yet vigente)."""
    regulation = services.corpus.get_regulation(uri)
    versions = services.corpus.versions(uri)
    if index is None:
        index = version_index_at(versions, when or date.today())
    if index is None or not 0 <= index < len(versions):
        index = len(versions) - 1
    expression = services.corpus.get_text(uri, version_date(versions, index))
    return LoadedText(uri, regulation, versions, index, expression)


def version_date(versions: list[Any], index: int) -> date | None:
    """The date that selects version ``index`` in ``get_text`` (its own start)."""
    if not versions:
        return None
    return versions[min(index, len(versions) - 1)].valid_from or date.min


def version_index_at(versions: list[Any], when: date) -> int | None:
    """The index of the version in force on ``when`` (the oldest if none was yet)."""
    for index in range(len(versions) - 1, -1, -1):
        if (versions[index].valid_from or date.min) <= when:
            return index
    return 0 if versions else None


def version_label(version: Any, newest: bool, today: date | None = None) -> str:
    today = today or date.today()
    if version.valid_from is not None and version.valid_from > today:
        return f"Próxima versión: entra en vigor el {format_date(version.valid_from)}"
    if newest:
        return f"Vigente desde el {format_date(version.valid_from)}"
    return f"Del {format_date(version.valid_from)} al {format_date(version.valid_until)}"


def upcoming_notice(loaded: LoadedText) -> str:
    """"Próxima versión: entra en vigor el …" when a later version is already published."""
    later = loaded.versions[loaded.index + 1:]
    upcoming = next((v for v in later if v.valid_from is not None), None)
    if upcoming is None:
        return ""
    return f"Próxima versión: entra en vigor el {format_date(upcoming.valid_from)}"


class RegulationViewer(RegulationViewerView):
    """Structure tree + formatted text + import report of one regulation."""

    sig_loaded = Signal(str)

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._requested: str | None = None
        self.loaded: LoadedText | None = None
        self.structure_tree.sig_anchor_activated.connect(self.scroll_to)
        self.version_combo.currentIndexChanged.connect(self._on_version_chosen)

    @property
    def current_uri(self) -> str | None:
        return self.loaded.uri if self.loaded else None

    def show_regulation(self, uri: str, version_index: int | None = None,
                        when: date | None = None) -> None:
        """Show ``uri``: version ``version_index``, or the one in force on ``when``, or the
        newest."""
        self._requested = uri
        Op(self._runner, parent=self, op=lambda svc: load_text(svc, uri, version_index, when),
           success=self._on_loaded).run_in_background()

    def shows_date(self, when: date | None) -> bool:
        """Whether the text on screen is the version in force on ``when`` (None: newest)."""
        if self.loaded is None:
            return False
        versions = self.loaded.versions
        wanted = version_index_at(versions, when or date.today())
        return wanted is None or wanted == self.loaded.index

    def clear(self) -> None:
        self._requested = None
        self.loaded = None
        self.stack.setCurrentWidget(self.placeholder)

    def scroll_to(self, eid: str) -> None:
        self.text_browser.scrollToAnchor(eid)

    def _on_loaded(self, loaded: LoadedText) -> None:
        if loaded.uri != self._requested:
            return  # a later request is on its way
        self.loaded = loaded
        regulation = loaded.regulation
        self.title_label.setText(regulation.title)
        notice = upcoming_notice(loaded)
        if notice:
            self.title_label.setText(f"{regulation.title}\n{notice}")
        self.title_label.setToolTip(f"{regulation.kind.label} · {regulation.status.label} · "
                                    f"{loaded.uri}" + (f"\n{notice}" if notice else ""))
        self._fill_versions(loaded)
        self.structure_tree.set_root(loaded.expression.root)
        self.text_browser.setHtml(regulation_html(regulation, loaded.expression))
        self.report_panel.set_report(loaded.versions[loaded.index].report
                                     if loaded.versions else None)
        self.stack.setCurrentWidget(self.content)
        self.sig_loaded.emit(loaded.uri)

    def _fill_versions(self, loaded: LoadedText) -> None:
        # Filling the combo must not look like the user choosing a version.
        blocker = QSignalBlocker(self.version_combo)
        self.version_combo.clear()
        newest = len(loaded.versions) - 1
        for index in range(newest, -1, -1):  # newest first
            self.version_combo.addItem(version_label(loaded.versions[index], index == newest),
                                       index)
        self.version_combo.setCurrentIndex(newest - loaded.index)
        blocker.unblock()
        several = len(loaded.versions) > 1
        self.version_combo.setEnabled(several)
        self.version_combo.setToolTip("" if several else "Este reglamento tiene una sola versión")

    def _on_version_chosen(self, combo_index: int) -> None:
        index = self.version_combo.itemData(combo_index)
        if self.loaded is not None and index is not None and index != self.loaded.index:
            self.show_regulation(self.loaded.uri, index)
