"""The procedure inside a project editor: the "Trámite" tab and the observations beside the diff.

``WorkflowPanel`` is the tab: a banner with the current stage (and how long the project has
been in it, who must act), the current profile, one button per transition the profile's role
may take now — each opening the form generated from that transition's data (``TransitionForm``)
— and the timeline with "Verificar registro". ``EditorWorkflow`` attaches the tab and the
``ObservationsPanel`` to an editor, loads everything in one op, makes the draft read-only when
the stage or the role forbids editing (``WorkflowService.view``), saves the draft before any
transition and reloads the editor after it, since the stage decides what may be edited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter, QVBoxLayout,
    QWidget,
)

from ...domain import plural
from ...domain.audit import AuditRecord
from ...domain.regulation import short_title
from ...domain.workflow import Transition, WorkflowDefinition
from ...services import WorkflowView
from ..ops import Op, OpRunner
from .labels import roles_text
from .observations_panel import Anchor, ObservationsPanel
from .profile import ProfileState
from .timeline import TimelineView
from .transition_form import TransitionForm

BANNER_STYLE = ("background:#e8eef7; color:#1f3b63; padding:8px; border:1px solid #b7c7e0;"
                " font-size:13pt;")
NAVIGATE_RETRIES = 20
NAVIGATE_MS = 100


class WorkflowPanel(QWidget):
    """Stage banner, actions and timeline (see the module docstring)."""

    sig_transition = Signal(str)   # transition id
    sig_choose_profile = Signal()

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage_label = QLabel("Cargando el trámite…")
        self.stage_label.setStyleSheet(BANNER_STYLE)
        self.stage_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.profile_label = QLabel()
        self.profile_label.setWordWrap(True)
        self.profile_button = QPushButton("Elegir perfil…")
        self.profile_button.clicked.connect(self.sig_choose_profile)
        profile_row = QHBoxLayout()
        profile_row.addWidget(self.profile_label, 1)
        profile_row.addWidget(self.profile_button)
        self.actions_label = QLabel("<b>Acciones disponibles</b>")
        self.actions_box = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        self.timeline = TimelineView(runner)
        top = QWidget()
        box = QVBoxLayout(top)
        box.addWidget(self.stage_label)
        box.addWidget(self.detail_label)
        box.addLayout(profile_row)
        box.addWidget(self.actions_label)
        box.addLayout(self.actions_box)
        box.addStretch(1)
        # On a short screen the stage, its detail and the action buttons scroll rather than
        # being cut (the "Etapa:" banner was clipped at 1280×720).
        top_scroll = QScrollArea()
        top_scroll.setWidgetResizable(True)
        top_scroll.setFrameShape(QFrame.Shape.NoFrame)
        top_scroll.setWidget(top)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top_scroll)
        splitter.addWidget(self.timeline)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def show_view(self, definition: WorkflowDefinition, view: WorkflowView,
                  profile_text: str, has_profile: bool, today: date | None = None) -> None:
        since = view.since.date() if view.since else None
        days = ((today or date.today()) - since).days if since else 0
        self.stage_label.setText(f"Etapa: <b>{escape(view.stage.label)}</b>")
        parts = [f"En esta etapa {plural.since_days(days)}."]
        if view.stage.final:
            parts.append("El trámite concluyó.")
        else:
            parts.append(f"Le toca a: {escape(roles_text(definition, view.acting_roles))}.")
        if view.open_observations:
            parts.append(f"Observaciones abiertas: {view.open_observations}.")
        if view.stage.description:
            parts.append(escape(view.stage.description))
        self.detail_label.setText(" ".join(parts))
        self.profile_label.setText(profile_text)
        self.profile_button.setText("Cambiar perfil…" if has_profile else "Elegir perfil…")
        self._fill_buttons(view.available, has_profile, view.stage.final)

    def _fill_buttons(self, transitions: tuple[Transition, ...], has_profile: bool,
                      final: bool) -> None:
        for button in self.buttons.values():
            self.actions_box.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for index, transition in enumerate(transitions):
            button = QPushButton(transition.label + ("…" if transition.fields else ""))
            button.setToolTip(transition.description or transition.label)
            button.clicked.connect(lambda _c=False, tid=transition.id:
                                   self.sig_transition.emit(tid))
            self.actions_box.addWidget(button, index // 2, index % 2)
            self.buttons[transition.id] = button
        if transitions:
            self.actions_label.setText("<b>Acciones disponibles para su perfil</b>")
        elif not has_profile:
            self.actions_label.setText("Elija su perfil de usuario para ver las acciones que "
                                       "le corresponden.")
        elif final:
            self.actions_label.setText("No hay más acciones: el trámite concluyó.")
        else:
            self.actions_label.setText("Su perfil no tiene acciones en esta etapa.")


class EditorWorkflow(QObject):
    """Attach the procedure to one ``ProjectEditor`` (see the module docstring)."""

    sig_acted = Signal()   # a transition or an observation was recorded

    def __init__(self, editor: Any, runner: OpRunner, state: ProfileState,
                 ask_profile: Callable[[Callable[[], None] | None], None]) -> None:
        super().__init__(editor)
        self.editor = editor
        self._runner = runner
        self.state = state
        self._ask_profile = ask_profile
        self.definition: WorkflowDefinition | None = None
        self.view: WorkflowView | None = None
        self.form: TransitionForm | None = None
        self.panel = WorkflowPanel(runner)
        editor.tabs.addTab(self.panel, "Trámite")
        self.observations = ObservationsPanel(
            runner, editor.project_id, user=lambda: self.state.profile,
            anchor=self.anchor, label_for=self.label_for)
        editor.comparison.addWidget(self.observations)
        editor.comparison.setSizes([200, 560, 420])
        self.panel.sig_transition.connect(self.start_transition)
        self.panel.sig_choose_profile.connect(lambda: self._ask_profile(None))
        self.observations.sig_changed.connect(self._after_act)
        self.observations.sig_navigate.connect(self.navigate)
        editor.sig_title_changed.connect(lambda _t: self.refresh())  # (re)loaded
        editor.sig_draft_shown.connect(self.observations.redraw)   # labels need the tree
        editor.sig_draft_shown.connect(self.mark_observed)
        state.sig_changed.connect(self.refresh)

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        pid, user = self.editor.project_id, self.state.profile

        def load(svc):
            wf = svc.workflow
            return (wf.definition(), wf.view(pid, user), wf.timeline(pid), wf.observations(pid),
                    wf.anchor())

        Op(self._runner, parent=self.editor, op=load,
           success=lambda loaded: self._show(*loaded)).run_in_background()

    def _show(self, definition, view: WorkflowView, records: list[AuditRecord],
              observations, anchor=None) -> None:
        self.definition, self.view = definition, view
        profile = self.state.profile
        text = (f"Su perfil: <b>{escape(profile.name)}</b> — {escape(profile.office)} "
                f"({escape(definition.role_label(profile.role))})" if profile
                else "Sin perfil de usuario: puede consultar el trámite.")
        self.panel.show_view(definition, view, text, profile is not None)
        self.panel.timeline.set_records(definition, records)
        self.observations.role_label = definition.role_label   # "Sindicatura", not the id
        self.panel.timeline.set_anchor(anchor)
        self.observations.set_observations(observations, view.permitted)
        self.mark_observed()
        self.editor.set_edit_lock("" if view.editable else view.edit_notice)

    # -- transitions --------------------------------------------------------------------------
    def start_transition(self, transition_id: str) -> None:
        """Save the draft, then open the transition's form."""
        if self.state.profile is None:
            self._ask_profile(lambda: self.start_transition(transition_id))
            return
        transition = self.definition.find_transition(transition_id) if self.definition else None
        if transition is None:
            return
        self.editor.save_now(lambda ok: self._open_form(transition) if ok else None)

    def _open_form(self, transition: Transition) -> None:
        form = TransitionForm(self._runner, self.editor.project_id, transition,
                              self.state.profile,
                              open_observations=self.view.open_observations if self.view else 0,
                              parent=self.editor)
        self.form = form
        form.sig_done.connect(self._after_transition)
        form.open()

    def _after_transition(self, record: AuditRecord) -> None:
        self.editor.reload()   # the new stage decides whether the draft may be edited
        self.sig_acted.emit()
        if record.stage_to == "published" and self.editor.project is not None:
            self.editor.presence.release()   # published: nobody edits it any more
            self.editor.sig_published.emit([t.regulation_uri for t in self.editor.project.targets])

    def _after_act(self) -> None:
        self.refresh()
        self.sig_acted.emit()

    # -- observations -------------------------------------------------------------------------
    def anchor(self) -> Anchor | None:
        editor = self.editor
        pid = editor.tree.current_pid()
        if not pid or editor.current is None:
            return None
        span = None
        box = editor.article_editor
        cursor = box.text_edit.textCursor()
        if box.pid == pid and cursor.hasSelection():
            span = (cursor.selectionStart(), cursor.selectionEnd())
        return Anchor(editor.current.uri, pid, self.label_for(editor.current.uri, pid), span)

    def label_for(self, uri: str, pid: str) -> str:
        """"Artículo 3, Fracción II" when the draft is at hand; else the regulation."""
        current = self.editor.current
        if current is not None and current.uri == uri:
            chain = _chain(current.root, pid)
            if chain:
                start = next((i for i, n in enumerate(chain) if n.kind.value == "article"), 0)
                return ", ".join(n.display_label() for n in chain[start:])
            return "Disposición suprimida del borrador"
        project = self.editor.project
        title = next((t.regulation_title for t in (project.targets if project else [])
                      if t.regulation_uri == uri), uri)
        return f"Disposición de {short_title(title)}"

    def mark_observed(self) -> None:
        """Tint the provisions of the draft shown that have open observations, and count them
        on the project's tab ("· 2 obs.") and on the "Comparación" tab."""
        editor = self.editor
        counts = self.observations.open_counts()
        uri = editor.current.uri if editor.current is not None else None
        editor.tree.set_observed({pid: n for (u, pid), n in counts.items() if u == uri})
        total = sum(counts.values())
        index = editor.tabs.indexOf(editor.comparison)
        if index >= 0:
            editor.tabs.setTabText(index, "Comparación" + (
                f" ({plural.count(total, 'observación abierta')})" if total else ""))

    def navigate(self, uri: str, pid: str, retries: int = NAVIGATE_RETRIES) -> None:
        """Show the provision in the tree and the diff (switching regulation if needed)."""
        editor = self.editor
        if editor.current is None or editor.current.uri != uri:
            index = editor.target_combo.findData(uri)
            if index < 0 or retries <= 0:
                return
            if editor.target_combo.currentIndex() != index:
                editor.target_combo.setCurrentIndex(index)
            if editor.current is None or editor.current.uri != uri:   # loading in the background
                QTimer.singleShot(NAVIGATE_MS, lambda: self.navigate(uri, pid, retries - 1))
                return
        editor.tree.select_pid(pid)
        editor.tabs.setCurrentWidget(editor.comparison)
        editor.comparison.diff_view.scroll_to_pid(pid)
        view = self.observations.current_view()
        if view is not None and view.observation.pid == pid:
            editor.comparison.diff_view.highlight_fragment(view.observation.quoted_text or "")


def _chain(root, pid: str) -> list:
    """The nodes from the root's child down to ``pid``; empty when it is not there."""
    def walk(node, path):
        for child in node.children:
            if child.pid == pid:
                return path + [child]
            found = walk(child, path + [child])
            if found:
                return found
        return []
    return walk(root, [])
