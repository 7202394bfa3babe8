"""Offline drafting: check-out to SQLite, work with the full app, check-in with a three-way merge.

The shared side is SQLite here (same code path as an unmanaged server) and, in the
``managed`` test, PostgreSQL with the lawyer's own login. Also the ``.reforma`` package:
round trip to another office's database, tamper detection and hostile ZIPs.
"""

from __future__ import annotations

import json
import zipfile

import pytest

from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.services import open_services, offline
from reglamentos_app.services.offline import PackageError
from tests.services.test_projects import PARQUES, art


@pytest.fixture
def office_db(tmp_path):
    services = open_services(f"sqlite:///{tmp_path / 'oficina.sqlite3'}")
    uri = services.corpus.import_text(PARQUES, "parques.txt").uri
    project = services.projects.create("Reforma al Reglamento de Parques", [uri])
    yield services, project.id, uri
    services.close()


def edit(services, project_id, uri, num, text):
    session = services.projects.open_draft(project_id, uri)
    session.editor.edit(art(session.editor.root, num).pid, text=text)
    session.save()


def draft(services, project_id, uri):
    return services.projects.get(project_id).target(uri).draft


def test_checkout_work_offline_and_checkin_without_conflicts(office_db, tmp_path):
    shared, project_id, uri = office_db
    copy_path = tmp_path / "laptop" / "copia.sqlite3"
    copy_path.parent.mkdir()
    local_id = offline.checkout(shared, project_id, copy_path)
    with open_services(f"sqlite:///{copy_path}") as laptop:  # the full app, offline
        assert laptop.corpus.get_regulation(uri).title == shared.corpus.get_regulation(uri).title
        edit(laptop, local_id, uri, "3", "Redactado en el avión.")
        session = laptop.projects.open_draft(local_id, uri)
        session.editor.insert_after(art(session.editor.root, "12").pid, text="Artículo nuevo.")
        session.save()
        assert "artículo 3" in laptop.projects.decree(local_id).lower()
        edit(shared, project_id, uri, "7", "Cambio en la oficina.")   # meanwhile, at the office
        report = offline.checkin(laptop, shared)
    assert report.clean and report.saved == [uri]
    root = draft(shared, project_id, uri)
    assert art(root, "3").text == "Redactado en el avión."
    assert art(root, "7").text == "Cambio en la oficina."
    assert art(root, "12 Bis").text == "Artículo nuevo."


def test_checkin_with_conflicts_lists_them_and_each_is_resolvable(office_db, tmp_path):
    shared, project_id, uri = office_db
    copy_path = tmp_path / "copia.sqlite3"
    local_id = offline.checkout(shared, project_id, copy_path)
    with open_services(f"sqlite:///{copy_path}") as laptop:
        edit(laptop, local_id, uri, "3", "Versión del portátil.")
        edit(laptop, local_id, uri, "13", "Solo en el portátil.")
        edit(shared, project_id, uri, "3", "Versión de la oficina.")
        report = offline.checkin(laptop, shared)
        assert [c.mine["text"] for c in report.conflicts[uri]] == ["Versión del portátil."]
        assert art(draft(shared, project_id, uri), "13").text == "Solo en el portátil."
        assert art(draft(shared, project_id, uri), "3").text == "Versión de la oficina."
        # A second check-in does not re-raise what was already settled.
        assert offline.checkin(laptop, shared).clean
    (revision,) = shared.sync.conflicts(project_id)
    offline.resolve(shared, project_id, revision.id, "mine")
    assert art(draft(shared, project_id, uri), "3").text == "Versión del portátil."
    assert shared.sync.conflicts(project_id) == []


def test_checkout_refuses_an_existing_file_and_checkin_needs_a_copy(office_db, tmp_path):
    shared, project_id, _uri = office_db
    existing = tmp_path / "ya.sqlite3"
    existing.write_bytes(b"")
    with pytest.raises(ValidationError):
        offline.checkout(shared, project_id, existing)
    with pytest.raises(ValidationError):
        offline.checkin(shared, shared)


@pytest.mark.postgres
def test_checkout_checkin_through_the_server_with_my_login(office, project, tmp_path):
    ana = office.services("ana")
    copy_path = tmp_path / "copia.sqlite3"
    local_id = offline.checkout(ana, project, copy_path)
    with open_services(f"sqlite:///{copy_path}") as laptop:
        edit(laptop, local_id, office.uri, "5", "Redactado sin conexión.")
        report = offline.checkin(laptop, ana)
    assert report.clean
    assert art(draft(ana, project, office.uri), "5").text == "Redactado sin conexión."
    records = ana.sync.changes_since(0, project).changes
    assert records[-1].author == "Lic. Ana Ruiz"   # the server's identity, not the laptop's


# -- .reforma packages -------------------------------------------------------------------------

def test_package_round_trip_to_another_office(office_db, tmp_path):
    shared, project_id, uri = office_db
    edit(shared, project_id, uri, "3", "Texto para la Sindicatura.")
    path = offline.export_package(shared, project_id, tmp_path / "envio")
    assert path.suffix == ".reforma"
    with open_services(f"sqlite:///{tmp_path / 'otra.sqlite3'}") as other:  # empty corpus
        new_id = offline.import_package(other, path)
        project = other.projects.get(new_id)
        assert project.title == "Reforma al Reglamento de Parques"
        assert art(project.target(uri).draft, "3").text == "Texto para la Sindicatura."
        ops = other.projects.operations(new_id)[uri]   # the base text came in the package
        assert len(ops) == 1


def _rewrite(path, tmp_path, change):
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    change(members)
    out = tmp_path / "alterado.reforma"
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def test_package_tampering_is_detected(office_db, tmp_path):
    shared, project_id, _uri = office_db
    path = offline.export_package(shared, project_id, tmp_path / "envio.reforma")

    def edit_text(members):
        members["proyecto.json"] = members["proyecto.json"].replace(
            "Reforma al Reglamento".encode(), b"Reforma falsa al Reglamento")

    def drop_base(members):
        del members["base/001.xml"]

    def add_file(members):
        members["extra.txt"] = b"hola"

    for change in (edit_text, drop_base, add_file):
        with pytest.raises(PackageError) as err:
            offline.read_package(_rewrite(path, tmp_path, change))
        assert "alterado" in err.value.user_message
    assert offline.read_package(path)["project"]["title"] == "Reforma al Reglamento de Parques"


def test_hostile_or_broken_packages_are_refused(tmp_path):
    not_zip = tmp_path / "x.reforma"
    not_zip.write_bytes(b"no soy un zip")
    bomb = tmp_path / "bomba.reforma"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"\0" * (20 * 1024 * 1024))
    traversal = tmp_path / "ruta.reforma"
    with zipfile.ZipFile(traversal, "w") as archive:
        archive.writestr("../../etc/passwd", b"x")
    many = tmp_path / "muchos.reforma"
    with zipfile.ZipFile(many, "w") as archive:
        for n in range(offline.MAX_MEMBERS + 1):
            archive.writestr(f"f{n}", b"")
    wrong = tmp_path / "otro.reforma"
    manifest = {"format": "otra-cosa", "files": {}}
    with zipfile.ZipFile(wrong, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    for path in (not_zip, bomb, traversal, many, wrong):
        with pytest.raises(PackageError):
            offline.read_package(path)


def test_project_data_merge_three_way_at_checkin(office_db, tmp_path):
    """Title, motives and transitorios merge field by field: one-sided changes go in, a field
    changed on both sides keeps the office's value and the report quotes the copy's."""
    shared, project_id, uri = office_db
    start = shared.projects.get(project_id)
    start.transitorios = ["PRIMERO.- Entrará en vigor al día siguiente.", "SEGUNDO.- Original."]
    shared.projects.update(start)
    copy_path = tmp_path / "copia.sqlite3"
    local_id = offline.checkout(shared, project_id, copy_path)
    with open_services(f"sqlite:///{copy_path}") as laptop:
        mine = laptop.projects.get(local_id)
        mine.motives = "Motivos escritos en el portátil."
        mine.title = "Título del portátil"
        mine.transitorios = ["PRIMERO.- Entrará en vigor al día siguiente.",
                             "SEGUNDO.- Del portátil."]
        laptop.projects.update(mine)
        office = shared.projects.get(project_id)
        office.title = "Título de la oficina"
        office.transitorios = ["PRIMERO.- Entrará en vigor en enero.", "SEGUNDO.- Original."]
        shared.projects.update(office)
        report = offline.checkin(laptop, shared)
        merged = shared.projects.get(project_id)
        assert merged.motives == "Motivos escritos en el portátil."       # one side only
        assert merged.title == "Título de la oficina"                     # both: the office's
        assert merged.transitorios == ["PRIMERO.- Entrará en vigor en enero.",
                                       "SEGUNDO.- Del portátil."]          # item by item
        assert report.meta_conflicts == {"title": "Título del portátil"}
        assert any("Título del portátil" in note for note in report.notes)
        assert laptop.projects.get(local_id).title == "Título de la oficina"
        again = offline.checkin(laptop, shared)   # settled: nothing comes back
        assert again.meta_conflicts == {} and shared.projects.get(project_id).title == \
            "Título de la oficina"


def test_merge_meta_rules():
    base = {"title": "A", "motives": "m", "transitorios": ["1", "2"]}
    merged, clashes = offline.merge_meta(base, {**base, "title": "B", "transitorios": ["1"]},
                                         {**base, "motives": "n", "transitorios": ["1", "3"]})
    assert merged["title"] == "B" and merged["motives"] == "n"
    assert merged["transitorios"] == ["1", "3"] and clashes == ["transitorios"]


def test_checkout_stamp_is_shown_to_others_and_cleared_at_checkin(office_db, tmp_path):
    shared, project_id, uri = office_db
    shared.projects.set_local_author("Lic. Ana Ruiz")
    assert offline.checkout_notices(shared, project_id) == []
    copy_path = tmp_path / "copia.sqlite3"
    offline.checkout(shared, project_id, copy_path)
    assert offline.checkout_notices(shared, project_id) == []      # not to herself
    with open_services(shared.db.url) as colleague:
        colleague.projects.set_local_author("Lic. Beto Paz")
        (notice,) = offline.checkout_notices(colleague, project_id)
        assert notice.startswith("Lic. Ana Ruiz lo tiene desprotegido desde el ")
        with open_services(f"sqlite:///{copy_path}") as laptop:
            offline.checkin(laptop, shared)
        assert offline.checkout_notices(colleague, project_id) == []


def test_checkout_stamp_through_the_server(office, project, tmp_path):
    """The stamp carries the server's identity and time; only the holder clears it, and a
    login that may not edit the project cannot stamp it."""
    from sqlalchemy import text as sql

    from reglamentos_app.storage import ServerRefused

    ana, sec = office.services("ana"), office.services("sec")
    copy_path = tmp_path / "copia.sqlite3"
    offline.checkout(ana, project, copy_path)
    (notice,) = offline.checkout_notices(sec, project)
    assert notice.startswith("Lic. Ana Ruiz lo tiene desprotegido desde el ")
    sec.projects.collab.clear_checkout(project, office.login("sec"))   # not hers: no effect
    assert len(offline.checkout_notices(sec, project)) == 1
    with pytest.raises(ServerRefused):
        sec.projects.collab.mark_checkout(project, "x", "x")
    with office.engine("sec").connect() as conn, pytest.raises(Exception):
        conn.execute(sql("DELETE FROM project_checkouts"))
        conn.commit()
    with open_services(f"sqlite:///{copy_path}") as laptop:
        edit(laptop, laptop.projects.list()[0].id, office.uri, "7", "Desde el portátil.")
        assert offline.checkin(laptop, ana).clean
    assert offline.checkout_notices(sec, project) == []


def test_a_corrupt_zip_gives_a_spanish_message_not_a_traceback(office_db, tmp_path):
    """Issue 16: bytes flipped inside a member (its CRC fails only when read) or the file cut
    short: a Spanish PackageError, nothing imported."""
    shared, project_id, _uri = office_db
    path = offline.export_package(shared, project_id, tmp_path / "envio.reforma")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("proyecto.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + 25):           # inside the compressed bytes
        data[i] ^= 0xFF
    flipped = tmp_path / "volteado.reforma"
    flipped.write_bytes(bytes(data))
    cut = tmp_path / "cortado.reforma"
    cut.write_bytes(path.read_bytes()[: len(data) // 2])
    for broken in (flipped, cut):
        with pytest.raises(PackageError) as err:
            offline.read_package(broken)
        assert "dañado" in err.value.user_message or "legible" in err.value.user_message


def _resign(members, key):
    """What a forger with their own key does: re-sign the (altered) manifest."""
    members["firma.json"] = json.dumps({"algoritmo": "Ed25519", "clave_publica": key.public_text,
                                        "firma": key.sign(members["manifest.json"])}).encode()


def test_signed_packages_unsigned_unknown_and_forged_are_refused(office_db, tmp_path,
                                                                  monkeypatch):
    """Issue 16: a re-hashed tampered package no longer installs a false texto vigente."""
    import hashlib

    from reglamentos_app.signing import OfficeKey

    shared, project_id, _uri = office_db
    path = offline.export_package(shared, project_id, tmp_path / "envio.reforma")
    bundle = offline.read_package(path)
    assert bundle["signed_by"] == "esta oficina"

    def tamper_and_rehash(members):
        members["proyecto.json"] = members["proyecto.json"].replace(
            "Reforma al Reglamento".encode(), b"Reforma falsa al Reglamento")
        manifest = json.loads(members["manifest.json"])
        manifest["files"]["proyecto.json"] = hashlib.sha256(members["proyecto.json"]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    def unsigned(members):
        del members["firma.json"]

    stranger = OfficeKey(tmp_path / "otra-oficina")
    cases = {
        "no está firmado": unsigned,
        "no corresponde a su contenido": tamper_and_rehash,
        "no reconoce": lambda m: (tamper_and_rehash(m), _resign(m, stranger)),
    }
    for message, change in cases.items():
        with pytest.raises(PackageError) as err:
            offline.read_package(_rewrite(path, tmp_path, change))
        assert message in err.value.user_message
    # Another office's genuine package: refused until an administrator trusts its key.
    monkeypatch.setattr(offline, "signing_dir", lambda: tmp_path / "otra-oficina")
    theirs = offline.export_package(shared, project_id, tmp_path / "de-otra.reforma")
    monkeypatch.undo()
    with pytest.raises(PackageError, match="no reconoce"):
        offline.read_package(theirs)
    offline.trusted_keys().add("Sindicatura Municipal", stranger.public_text)
    assert offline.read_package(theirs)["signed_by"] == "Sindicatura Municipal"


def test_admin_commands_show_and_trust_keys(capsys, tmp_path):
    from reglamentos_app.cli.main import main
    from reglamentos_app.signing import OfficeKey

    assert main(["admin", "clave"]) == 0
    own = capsys.readouterr().out.strip()
    assert len(own) == 44 and own == offline.office_key().public_text
    other = OfficeKey(tmp_path / "otra").public_text
    assert main(["admin", "confiar-clave", "Sindicatura Municipal", other]) == 0
    assert main(["admin", "claves"]) == 0
    assert capsys.readouterr().out.strip().endswith(f"Sindicatura Municipal\t{other}")
    assert main(["admin", "confiar-clave", "X", "no-es-clave"]) == 1
    assert "base64" in capsys.readouterr().err
