"""The publication package: built after a reform goes through Cabildo, verified, tampered with."""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest

from reglamentos_app.cli.main import main
from reglamentos_app.domain.audit import canonical_text_hash
from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.domain.gazette import GazetteReference
from tests.exports.conftest import docx_paragraphs, pdf_text
from tests.services.test_projects import PARQUES, draft_all_changes
from tests.services.test_workflow_service import SECRETARY, SESSION, walk_to_committee_report

GAZETTE = {"gazette_number": "20", "gazette_section": "I", "gazette_tome": "CXXXII",
           "publication_date": "2025-04-25"}


def approved_and_published(services) -> tuple[int, str]:
    uri = services.corpus.import_text(PARQUES, "parques.txt").uri
    project = services.projects.create("Reforma al Reglamento de Parques", [uri])
    draft_all_changes(services, project.id, uri)
    wf = services.workflow
    walk_to_committee_report(wf, project.id)
    wf.advance(project.id, "council_approve", SECRETARY, SESSION)
    wf.advance(project.id, "certify", SECRETARY, {"certification_date": "2025-04-11"})
    wf.advance(project.id, "send_to_gazette", SECRETARY, {"sent_date": "2025-04-12"})
    wf.advance(project.id, "publish", SECRETARY, GAZETTE)
    return project.id, uri


def test_package_of_an_approved_reform(services, tmp_path):
    """On SQLite and PostgreSQL: the manifest links the Cabildo approval record."""
    project_id, uri = approved_and_published(services)
    result = services.exports.package(str(project_id), tmp_path / "paquete")
    folder = result.path
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json", "parques.docx", "parques.html", "parques.pdf", "parques.txt"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (document,) = manifest["documentos"]
    assert document["uri"] == uri and document["vigente_desde"] == "2025-04-26"
    text = (folder / "parques.txt").read_text(encoding="utf-8")
    assert document["texto_canonico"]["sha256"] == canonical_text_hash(text)
    assert "Los parques y jardines son bienes" in text
    approval = manifest["aprobacion"]
    records = {r.seq: r for r in services.workflow.timeline(project_id)}
    link = approval["registro_aprobacion"]
    assert records[link["registro"]].stage_to == "council_approved"
    assert records[link["registro"]].hash == link["hash"]
    assert approval["registro_publicacion"]["etapa"] == "published"
    assert services.exports.verify_package(folder) == []
    assert services.exports.verify_approval(folder) == []
    assert link["hash_texto"] == records[link["registro"]].text_hash
    assert "ARTÍCULO 20.- Derogado." in docx_paragraphs((folder / "parques.docx").read_bytes())
    assert "Los parques contarán con bebederos" in pdf_text((folder / "parques.pdf").read_bytes())
    # A package of the regulation itself finds the same approval.
    again = services.exports.package(uri, tmp_path / "por-uri.zip")
    assert again.approval == approval


@pytest.fixture
def package(svc, project, parques, tmp_path):
    svc.projects.publish(project, GazetteReference(number="14", date=date(2025, 3, 10)))
    return svc.exports.package(parques, tmp_path / "paquete").path


@pytest.mark.parametrize("name", ["parques.docx", "parques.pdf", "parques.html", "parques.txt"])
def test_any_changed_byte_fails_verification(svc, package, name):
    path = package / name
    data = bytearray(path.read_bytes())
    for offset in (0, len(data) // 2, len(data) - 1):
        original = data[offset]
        data[offset] = original ^ 0x01
        path.write_bytes(bytes(data))
        problems = svc.exports.verify_package(package)
        assert [p.name for p in problems][:1] == [name]
        assert name in problems[0].message
        data[offset] = original
    path.write_bytes(bytes(data))
    assert svc.exports.verify_package(package) == []


def test_missing_added_and_manifest_problems(svc, package):
    (package / "parques.pdf").unlink()
    (package / "nota.txt").write_text("agregado", encoding="utf-8")
    problems = {p.name: p.message for p in svc.exports.verify_package(package)}
    assert "Falta «parques.pdf»" in problems["parques.pdf"]
    assert "no figura en el manifiesto" in problems["nota.txt"]
    (package / "manifest.json").write_text("{", encoding="utf-8")
    assert "dañado" in svc.exports.verify_package(package)[0].message


def test_zip_package_is_stable_and_verifies(svc, project, parques, tmp_path):
    first = svc.exports.package(parques, tmp_path / "a.zip").path
    second = svc.exports.package(parques, tmp_path / "b.zip").path
    assert first.read_bytes() == second.read_bytes()
    assert svc.exports.verify_package(first) == []
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        members = {n: archive.read(n) for n in names}
    members["parques.html"] = members["parques.html"].replace(b"parques", b"jardines", 1)
    tampered = tmp_path / "c.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        for name in names:
            archive.writestr(name, members[name])
    (problem,) = svc.exports.verify_package(tampered)
    assert problem.name == "parques.html"


def test_existing_folder_is_never_overwritten(svc, parques, tmp_path):
    target = tmp_path / "ocupada"
    target.mkdir()
    (target / "otro.txt").write_text("no tocar", encoding="utf-8")
    with pytest.raises(ValidationError):
        svc.exports.package(parques, target)
    assert [p.name for p in target.iterdir()] == ["otro.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unpublished_project_has_no_package(svc, project, tmp_path):
    with pytest.raises(ValidationError) as err:
        svc.exports.package(str(project), tmp_path / "p")
    assert "aún no se publica" in err.value.user_message


def test_cli_package_and_verify(sqlite_url, tmp_path, capsys):
    from reglamentos_app.services import open_services

    with open_services(sqlite_url) as services:
        uri = services.corpus.import_text(PARQUES, "parques.txt").uri
    folder = tmp_path / "paq"
    assert main(["exportar", "paquete", uri, "-o", str(folder), "--db", sqlite_url, "-q"]) == 0
    assert main(["verify-package", str(folder), "--db", sqlite_url, "--registro"]) == 0
    assert "íntegro" in capsys.readouterr().out
    with open(folder / "parques.docx", "ab") as stream:
        stream.write(b"\0")
    assert main(["verify-package", str(folder), "--db", sqlite_url]) == 4
    out = capsys.readouterr().out
    assert "parques.docx" in out and "ALTERADO" in out
    assert main(["verify-package", str(tmp_path / "no-existe.zip"), "--db", sqlite_url]) == 1


def test_approval_link_checks_the_record_and_the_approved_text(svc, tmp_path):
    project_id, _uri = approved_and_published(svc)
    folder = svc.exports.package(str(project_id), tmp_path / "paquete").path
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["aprobacion"]["registro_aprobacion"]["hash"] = "0" * 64
    manifest["aprobacion"]["registro_aprobacion"]["hash_texto"] = "1" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    messages = [p.message for p in svc.exports.verify_approval(folder)]
    assert any("no coincide con el del manifiesto" in m for m in messages)
    assert any("ya no es el que aprobó el Cabildo" in m for m in messages)


def test_registro_catches_a_rehashed_package_and_a_changed_database(svc, tmp_path):
    """Issue 16: the package's text edited and its manifest re-hashed, and the published text
    changed in the database, both fail ``verify-package --registro``."""
    import hashlib

    from sqlalchemy import text as sql

    project_id, _uri = approved_and_published(svc)
    folder = svc.exports.package(str(project_id), tmp_path / "paquete").path
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["aprobacion"]["ancla_registro"] == svc.workflow.anchor().text
    assert svc.exports.verify_approval(folder) == []
    # 1. The package: one word changed in the .txt, the manifest re-hashed to match.
    txt = folder / "parques.txt"
    forged = txt.read_text(encoding="utf-8").replace("bebederos", "fuentes de sodas")
    txt.write_text(forged, encoding="utf-8")
    (document,) = manifest["documentos"]
    for entry in document["archivos"]:
        if entry["nombre"] == "parques.txt":
            entry["sha256"] = hashlib.sha256(forged.encode("utf-8")).hexdigest()
            entry["bytes"] = len(forged.encode("utf-8"))
    document["texto_canonico"]["sha256"] = canonical_text_hash(forged)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert svc.exports.verify_package(folder) == []          # checksums alone are fooled
    messages = [p.message for p in svc.exports.verify_approval(folder)]
    assert any("no es la versión publicada que guarda la base" in m for m in messages)
    # 2. The database: a fresh package, then the published provision changed in place.
    fresh = svc.exports.package(str(project_id), tmp_path / "otro").path
    with svc.db.session(write=True) as session:
        session.execute(sql("UPDATE provisions SET text = replace(text, 'bebederos', "
                            "'fuentes') WHERE text LIKE '%bebederos%'"))
    messages = [p.message for p in svc.exports.verify_approval(fresh)]
    assert any("no es la versión publicada que guarda la base" in m for m in messages)


def test_the_package_anchor_catches_a_truncated_record(svc, tmp_path):
    from sqlalchemy import text as sql

    project_id, _uri = approved_and_published(svc)
    folder = svc.exports.package(str(project_id), tmp_path / "paquete").path
    with svc.db.session(write=True) as session:   # the last act disappears from the record
        last = session.execute(sql("SELECT max(seq) FROM audit_records")).scalar()
        session.execute(sql("DELETE FROM audit_records WHERE seq = :s"), {"s": last})
    assert svc.workflow.verify_record() == []     # the links alone cannot tell
    messages = [p.message for p in svc.exports.verify_approval(folder)]
    assert any("fue borrado" in m for m in messages)
