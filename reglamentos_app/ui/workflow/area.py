"""The procedure's place in the main window: the "Trámite" menu, board tab, profile, notices.

``WorkflowArea`` is built by the main window after the projects workspace. It owns the
``ProfileState`` (who is using the program, persisted in the settings), the "Trámite" menu
("Tablero del trámite", "Mi perfil…", "Procedimiento…" for administrators, "Verificar
registro"), the status-bar profile label and notices button, and the board tab. Every project
editor the workspace opens gets an ``EditorWorkflow`` (its "Trámite" tab and observations);
after any act the notices and the board are refreshed.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget

from ...config import Settings
from ...domain.workflow import Action, UserProfile
from ...services import offline
from ...services.workflow import ESCAPE_STAGES
from ..errors import TITLE
from ..ops import Op, OpRunner
from .admin import DefinitionDialog
from .board import BoardPanel
from .notices import NoticesButton
from .profile import ProfileDialog, ProfilePicker, ProfileState
from .project_panel import EditorWorkflow
from .transition_form import TransitionForm

NO_PROFILE_TIP = ("Sin perfil de usuario puede consultar el corpus, los proyectos y su trámite. "
                  "Para redactar, observar o registrar un paso del trámite, diga quién es y en "
                  "qué área trabaja: haga clic aquí o use Trámite › Mi perfil….")

BOARD_TITLE = "Tablero del trámite"
FIRST_USE = ("Para actuar en el trámite, elija quién es usted: su nombre, su oficina y su rol. "
             "La elección se recuerda en este equipo.")


class WorkflowArea(QObject):
    """Menu, board, profile and notices (see the module docstring)."""

    def __init__(self, window: QMainWindow, runner: OpRunner, settings: Settings, db_url: str,
                 tabs: QTabWidget, workspace) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self.tabs = tabs
        self.workspace = workspace
        self.state = ProfileState(runner, settings, db_url, self)
        self.board: BoardPanel | None = None
        self.profile_dialog: ProfileDialog | None = None
        self.admin_dialog: DefinitionDialog | None = None
        self.withdraw_form: TransitionForm | None = None
        self.editors: dict[int, EditorWorkflow] = {}
        self.profile_label = QLabel()
        self.profile_label.linkActivated.connect(lambda _link: self.ask_profile(None))
        self.notices = NoticesButton(runner, self.state)
        self.notices.sig_open.connect(self.open_project)
        self.menu = QMenu("&Trámite", window)
        self.action_board = self._action("&Tablero del trámite", self.show_board,
                                         QKeySequence("Ctrl+Shift+T"))
        self.action_profile = self._action("Mi &perfil…", lambda: self.ask_profile(None))
        self.action_admin = self._action("&Procedimiento (administración)…", self.open_admin)
        self.action_verify = self._action("&Verificar registro", self.verify_record)
        self.menu.addActions([self.action_board, self.action_profile])
        self.menu.addSeparator()
        self.menu.addActions([self.action_verify, self.action_admin])
        self.state.sig_changed.connect(self._on_profile_changed)
        workspace.sig_editor_opened.connect(self.attach)
        workspace.list.sig_board.connect(self.show_board)
        # "Retirar" in the project list goes through the procedure (reason, role, record).
        workspace.list.sig_withdraw.disconnect(workspace.withdraw)
        workspace.list.sig_withdraw.connect(self.withdraw)
        self._on_profile_changed()
        self.state.load()

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def status_widgets(self) -> list:
        return [self.profile_label, self.notices]

    def _on_profile_changed(self) -> None:
        profile = self.state.profile
        # Saves and "X está editando" carry the chosen profile's name (a server login wins).
        self._runner.services.projects.set_local_author(profile.name if profile else None)
        # A link: a click opens "Mi perfil…"; the tooltip says what a profile is for.
        self.profile_label.setText(f"Perfil: {escape(self.state.describe())}" if profile
                                   else '<a href="perfil">Sin perfil de usuario</a>')
        self.profile_label.setToolTip(
            "Trámite › Mi perfil… para cambiarlo" if profile else NO_PROFILE_TIP)
        self._offer_new_project(profile)
        self.action_admin.setEnabled(profile is not None
                                     and profile.role == "administrador")
        self.refresh_board()

    def _offer_new_project(self, profile: UserProfile | None) -> None:
        """Only a profile that can write the draft it would create is offered "Nuevo
        proyecto…" (a Secretaría profile would create a project it cannot edit)."""
        action = self.workspace.action_new
        if profile is None:   # asked for when it is used
            action.setEnabled(True)
            action.setToolTip("")
            self.workspace.list.new_button.setEnabled(True)
            return

        def apply(definition) -> None:
            allowed = definition.permits(profile.role, Action.EDIT_DRAFT,
                                         definition.initial_stage)
            why = "" if allowed else (f"El perfil {definition.role_label(profile.role)} no "
                                      "redacta proyectos: los crea el área promovente.")
            action.setEnabled(allowed)
            action.setToolTip(why)
            self.workspace.list.new_button.setEnabled(allowed)
            self.workspace.list.new_button.setToolTip(why)

        Op(self._runner, parent=self._window, op=lambda svc: svc.workflow.definition(),
           success=apply).failure(lambda _exc: None).run_in_background()

    # -- profile --------------------------------------------------------------------------------
    def ask_profile(self, then: Callable[[], None] | None) -> None:
        """Ask who the user is (first use or "Mi perfil…"); ``then()`` once chosen."""
        if self.state.from_server:   # the login is the profile: nothing to pick
            QMessageBox.information(self._window, "Mi perfil",
                                    f"Usted trabaja como {self.state.describe()}. En el modo "
                                    "compartido el perfil es el de su usuario de la base de "
                                    "datos.")
            if then is not None:
                then()
            return
        reason = FIRST_USE if self.state.profile is None else ""
        dialog = ProfileDialog(self.state, self._window, reason=reason)
        self.profile_dialog = dialog
        if then is not None:
            dialog.accepted.connect(lambda: self.state.profile is not None and then())
        dialog.open()

    def profile_picker(self) -> ProfilePicker:
        """For "Configuración": the same picker, committed when the dialog is saved."""
        return ProfilePicker(self.state)

    # -- editors --------------------------------------------------------------------------------
    def attach(self, editor) -> EditorWorkflow:
        workflow = EditorWorkflow(editor, self._runner, self.state, self.ask_profile)
        workflow.sig_acted.connect(self.after_act)
        self.editors[editor.project_id] = workflow
        editor.destroyed.connect(lambda *_a, pid=editor.project_id: self.editors.pop(pid, None))
        Op(self._runner, parent=None,   # "X lo tiene desprotegido desde …" (offline copies)
           op=lambda svc, pid=editor.project_id: offline.checkout_notices(svc, pid),
           success=self._show_checkouts).run_in_background()
        return workflow

    def _show_checkouts(self, notices: list[str]) -> None:
        if notices and shiboken6.isValid(self._window):
            self._window.statusBar().showMessage(" ".join(notices), 20000)

    def open_project(self, project_id: int) -> None:
        self.workspace.open_project(project_id)

    def after_act(self) -> None:
        self.notices.refresh()
        self.refresh_board()

    def withdraw(self, project_id: int) -> None:
        """The procedure's withdrawal (its form asks the reason), for the list's "Retirar"."""
        profile = self.state.profile
        if profile is None:
            self.ask_profile(lambda: self.withdraw(project_id))
            return
        Op(self._runner, parent=self._window,
           op=lambda svc: svc.workflow.view(project_id, profile),
           success=lambda view: self._withdraw_form(project_id, view)).run_in_background()

    def _withdraw_form(self, project_id: int, view) -> None:
        transition = next((t for t in view.available if t.to in ESCAPE_STAGES), None)
        if transition is None:
            QMessageBox.information(self._window, TITLE, "Su perfil no puede retirar este "
                                    f"proyecto en la etapa «{view.stage.label}».")
            return
        form = TransitionForm(self._runner, project_id, transition, self.state.profile,
                              parent=self._window)
        self.withdraw_form = form
        form.sig_done.connect(lambda _record: self._withdrawn(project_id))
        form.open()

    def _withdrawn(self, project_id: int) -> None:
        self.workspace.refresh_list(project_id)
        editor = self.workspace.editors.get(project_id)
        if editor is not None:
            editor.reload()
        self.after_act()

    # -- board ----------------------------------------------------------------------------------
    def show_board(self) -> BoardPanel:
        if not self._board_shown():
            self.board = BoardPanel()
            self.board.sig_open.connect(self.open_project)
            self.board.sig_refresh.connect(self.refresh_board)
            self.tabs.addTab(self.board, BOARD_TITLE)
        self.tabs.setCurrentWidget(self.board)
        self.refresh_board()
        return self.board

    def _board_shown(self) -> bool:
        # A closed tab is removed at once but deleted later: check both.
        board = self.board
        return (board is not None and shiboken6.isValid(board)
                and self.tabs.indexOf(board) >= 0)

    def refresh_board(self) -> None:
        board = self.board
        if not self._board_shown():
            return
        role = self.state.profile.role if self.state.profile else None
        Op(self._runner, parent=board,
           op=lambda svc: (svc.workflow.definition(), svc.workflow.board()),
           success=lambda loaded: board.set_rows(*loaded, my_role=role)).run_in_background()

    # -- administration and verification ------------------------------------------------------
    def open_admin(self) -> None:
        profile = self.state.profile
        if profile is None or profile.role != "administrador":
            QMessageBox.information(self._window, TITLE, "Solo un perfil con el rol "
                                    "«administrador» puede ver y cambiar el procedimiento.")
            return
        dialog = DefinitionDialog(self._runner, profile, self._window)
        self.admin_dialog = dialog
        dialog.sig_changed.connect(self._definition_changed)
        dialog.open()

    def _definition_changed(self) -> None:
        for workflow in self.editors.values():
            workflow.refresh()
        self.after_act()

    def verify_record(self) -> None:
        Op(self._runner, parent=self._window,
           op=lambda svc: (svc.workflow.verify_record(),
                           len(svc.workflow.repository.audit_records())),
           success=lambda result: self._show_verification(*result)).run_in_background()

    def _show_verification(self, problems, count: int) -> None:
        if problems:
            QMessageBox.warning(self._window, TITLE, "El registro del trámite fue alterado:\n"
                                + "\n".join(f"• {p.description}" for p in problems))
        else:
            QMessageBox.information(self._window, TITLE, f"El registro del trámite está íntegro: "
                                    f"{count} asientos encadenados, ninguno alterado.")
