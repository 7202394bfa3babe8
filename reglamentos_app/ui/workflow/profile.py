"""Who is using the program: the workflow profile (name, office, role) chosen on this computer.

``ProfileState`` holds the profile for the database in use and persists its id in the settings
(``Settings.workflow_profiles``, per database URL) together with when the user last looked at
their notices. ``ProfilePicker`` lists the existing profiles and lets the user create one; it
is embedded in "Configuración" and in ``ProfileDialog``, which the workflow asks for the first
time a profile is needed. In the local SQLite mode nobody signs in: the record of each act says
the profile was picked on the computer (``identity: "local"``). On a managed shared database
the profile is the person the PostgreSQL login is mapped to, and it cannot be changed here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit,
    QMessageBox, QVBoxLayout, QWidget,
)

from ...config import Settings
from ...domain.errors import NotFoundError, ValidationError
from ...domain.workflow import RoleSpec, UserProfile
from ..errors import TITLE, show_error
from ..ops import Op, OpRunner

NEW_PROFILE = -1


class ProfileState(QObject):
    """The current profile and the notices' "last seen" mark (see the module docstring)."""

    sig_changed = Signal()

    def __init__(self, runner: OpRunner, settings: Settings, db_url: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.db_url = db_url
        self.user_id: int | None = None
        self.profile: UserProfile | None = None
        self.from_server = False   # the login decides who the user is (shared mode)

    def load(self) -> None:
        """The server's identity when there is one; otherwise read the saved profile back (a
        profile deleted from the database is forgotten)."""
        Op(self.runner, parent=None, op=lambda svc: svc.workflow.server_profile(),
           success=self._on_server_profile).run_in_background()

    def _on_server_profile(self, found: tuple[int, UserProfile] | None) -> None:
        if found is not None:
            self.from_server = True
            self._set(*found)
            return
        user_id = self.settings.workflow_profiles.get(self.db_url)
        if user_id is None:
            return

        def failed(exc: BaseException) -> None:
            if isinstance(exc, NotFoundError):
                self.choose(None, None)

        Op(self.runner, parent=None, op=lambda svc: svc.workflow.user(user_id),
           success=lambda profile: self._set(user_id, profile)).failure(failed
                                                                       ).run_in_background()

    def _set(self, user_id: int | None, profile: UserProfile | None) -> None:
        self.user_id, self.profile = user_id, profile
        self.sig_changed.emit()

    def choose(self, user_id: int | None, profile: UserProfile | None) -> None:
        """Make ``profile`` current and remember it for this database."""
        if self.from_server:
            raise ValidationError("En el modo compartido su perfil es el de su usuario de la "
                                  "base de datos; no puede cambiarse desde el programa.")
        if user_id is None:
            self.settings.workflow_profiles.pop(self.db_url, None)
        else:
            self.settings.workflow_profiles[self.db_url] = user_id
        self._save()
        self._set(user_id, profile)

    @property
    def last_seen(self) -> datetime | None:
        text = self.settings.notices_seen.get(self.db_url)
        return datetime.fromisoformat(text) if text else None

    def mark_seen(self, when: datetime | None = None) -> None:
        moment = when or datetime.now(timezone.utc)
        self.settings.notices_seen[self.db_url] = moment.isoformat()
        self._save()

    def _save(self) -> None:
        try:
            self.settings.save()
        except OSError as exc:  # the choice still holds for this session
            QMessageBox.warning(None, TITLE, f"No se pudo guardar la configuración: {exc}")

    def describe(self) -> str:
        p = self.profile
        if p is None:
            return "Sin perfil de usuario"
        return f"{p.name} · {p.office}" + (" (usuario del servidor)" if self.from_server else "")


class ProfilePicker(QGroupBox):
    """Choose an existing profile or fill in a new one; ``commit`` makes it current."""

    def __init__(self, state: ProfileState, parent: QWidget | None = None) -> None:
        super().__init__("Perfil de usuario para el trámite", parent)
        self.state = state
        self.roles: list[RoleSpec] = []
        self.combo = QComboBox()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("p. ej. Lic. Ana Ruiz")
        self.office_edit = QLineEdit()
        self.office_edit.setPlaceholderText("p. ej. Consejería Jurídica")
        self.role_combo = QComboBox()
        self.note = QLabel("En la base local el perfil se elige en este equipo; el registro del "
                           "trámite lo anota así.")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        form = QFormLayout(self)
        form.addRow("Perfil:", self.combo)
        form.addRow("Nombre:", self.name_edit)
        form.addRow("Oficina:", self.office_edit)
        form.addRow("Rol:", self.role_combo)
        form.addRow(self.note)
        self.combo.currentIndexChanged.connect(lambda _i: self._sync())
        self.load()

    def load(self) -> None:
        def show(result) -> None:
            users, roles = result
            self.roles = list(roles)
            self.role_combo.clear()
            for role in self.roles:
                self.role_combo.addItem(role.label, role.id)
            self.combo.clear()
            self.combo.addItem("— sin perfil —", None)
            for user_id, profile in users:
                self.combo.addItem(f"{profile.name} — {profile.office} "
                                   f"({_role_label(self.roles, profile.role)})", user_id)
            self.combo.addItem("Nuevo perfil…", NEW_PROFILE)
            self.combo.setCurrentIndex(max(0, self.combo.findData(self.state.user_id)))
            self._sync()
            if self.state.from_server:
                self.combo.setEnabled(False)
                self.note.setText("En el modo compartido el perfil es el de su usuario de la "
                                  "base de datos; el servidor lo anota en el registro.")

        Op(self.state.runner, parent=self,
           op=lambda svc: (svc.workflow.users(), svc.workflow.definition().roles),
           success=show).run_in_background()

    @property
    def creating(self) -> bool:
        return self.combo.currentData() == NEW_PROFILE

    def _sync(self) -> None:
        for widget in (self.name_edit, self.office_edit, self.role_combo):
            widget.setEnabled(self.creating and not self.state.from_server)

    def select_new(self, name: str, office: str, role: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(NEW_PROFILE))
        self.name_edit.setText(name)
        self.office_edit.setText(office)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(role)))

    def commit(self, done: Callable[[bool], None]) -> None:
        """Make the choice current (creating the profile first); ``done(ok)`` after."""
        if self.state.from_server:   # nothing to choose: the login is the profile
            done(True)
            return
        chosen = self.combo.currentData()
        if chosen != NEW_PROFILE:
            if chosen == self.state.user_id:
                done(True)
                return
            if chosen is None:
                self.state.choose(None, None)
                done(True)
                return
            Op(self.state.runner, parent=self, op=lambda svc: svc.workflow.user(chosen),
               success=lambda p: (self.state.choose(chosen, p), done(True))
               ).failure(lambda exc: self._failed(exc, done)).run_in_background()
            return
        name, office = self.name_edit.text().strip(), self.office_edit.text().strip()
        if not name or not office:
            self._failed(ValidationError("Escriba el nombre y la oficina del nuevo perfil."), done)
            return
        profile = UserProfile(name, office, self.role_combo.currentData())
        Op(self.state.runner, parent=self, op=lambda svc: svc.workflow.add_user(profile),
           success=lambda new_id: (self.state.choose(new_id, profile), done(True))
           ).failure(lambda exc: self._failed(exc, done)).run_in_background()

    def _failed(self, exc: BaseException, done: Callable[[bool], None]) -> None:
        show_error(self, exc)
        done(False)


class ProfileDialog(QDialog):
    """"¿Quién es usted?": the picker alone, asked on first use of the procedure."""

    def __init__(self, state: ProfileState, parent: QWidget | None = None, *,
                 reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Perfil de usuario — Reglamentos")
        self.setMinimumWidth(480)
        self.picker = ProfilePicker(state)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Usar este perfil")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if reason:
            label = QLabel(reason)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.picker)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        self.picker.commit(lambda ok: ok and QDialog.accept(self))


def _role_label(roles: list[RoleSpec], role_id: str) -> str:
    return next((r.label for r in roles if r.id == role_id), role_id)
