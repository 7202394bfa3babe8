"""In a managed shared database the login is the profile: the GUI shows it and offers no other."""

from __future__ import annotations

import pytest

from reglamentos_app.config import Settings
from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.domain.workflow import UserProfile
from reglamentos_app.ui.ops import OpRunner
from reglamentos_app.ui.workflow.profile import ProfilePicker, ProfileState

pytestmark = pytest.mark.postgres


def test_the_login_is_the_profile(office, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    services = office.services("sin")
    user_id, profile = services.workflow.server_profile()
    assert profile == UserProfile("Lic. Pedro Soto", "Sindicatura Municipal", "sindicatura")
    runner = OpRunner(services, synchronous=True)
    try:
        state = ProfileState(runner, Settings(), services.db.url)
        state.load()
        assert state.from_server and state.user_id == user_id and state.profile == profile
        assert state.describe().endswith("(usuario del servidor)")
        with pytest.raises(ValidationError, match="modo compartido"):
            state.choose(None, None)
        picker = ProfilePicker(state)
        qtbot.addWidget(picker)
        assert not picker.combo.isEnabled() and "modo compartido" in picker.note.text()
        picker.commit(lambda ok: None)
        assert state.profile == profile          # committing changes nothing
    finally:
        runner.shutdown()


def test_a_local_database_has_no_server_profile(tmp_path):
    from reglamentos_app.services import open_services

    with open_services(f"sqlite:///{tmp_path / 'local.sqlite3'}") as services:
        assert services.workflow.server_profile() is None


def test_the_chosen_profile_names_local_leases(qtbot, tmp_path, monkeypatch):
    """Two windows on one SQLite file: each one's lease carries the profile chosen in it
    (Trámite › Mi perfil… in the main window sets the name its saves and leases carry)."""
    from reglamentos_app.services import open_services
    from reglamentos_app.ui.main_window import MainWindow
    from tests.services.test_projects import PARQUES, art

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'local.sqlite3'}"
    first, second = open_services(url), open_services(url)
    runner = OpRunner(first, synchronous=True)
    try:
        window = MainWindow(runner, Settings.load(), url)
        qtbot.addWidget(window)
        assert first.projects.author_name == "Usuario local"
        ana = UserProfile("Lic. Ana Ruiz", "Consejería Jurídica", "redactor")
        window.workflow.state.choose(first.workflow.add_user(ana), ana)
        assert first.projects.author_name == "Lic. Ana Ruiz"
        uri = first.corpus.import_text(PARQUES, "parques.txt").uri
        project = first.projects.create("Reforma", [uri])
        pid = art(first.projects.get(project.id).targets[0].draft, "3").pid
        assert first.sync.acquire(project.id, uri, pid).mine
        other = second.sync.acquire(project.id, uri, pid)   # the other window, no profile
        assert not other.mine and other.holder == "Lic. Ana Ruiz"
        window.workflow.state.choose(None, None)
        assert first.projects.author_name == "Usuario local"
        window.close()
    finally:
        runner.shutdown()
        first.close()
        second.close()
