"""Word redline end to end: the written revisions, Word's Accept/Reject simulated on the XML,
the returned file imported as a new draft revision plus observations, and the workflow rules.

Runs on SQLite and on the real PostgreSQL server for the round trip (``services``); the rest
on SQLite. Word itself is simulated by ``test_redline_wordsim``.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

import docx
import pytest
from lxml import etree

from reglamentos_app.domain.errors import ReglamentosError, StorageError, ValidationError
from reglamentos_app.domain.provisions import ProvisionKind as K, ProvisionStatus
from reglamentos_app.domain.workflow import UserProfile
from tests.exports.test_redline_wordsim import (
    NS, W, comment, decide, document, everything, own_revision, paragraph_text, parts, w,
)
from tests.services.test_projects import PARQUES, art, clause, draft_all_changes

OFFICE = "Consejería Jurídica Municipal"
DRAFTER = UserProfile("Lic. Ana Ruiz", OFFICE, "redactor")
TRUSTEE = UserProfile("Lic. Pedro Soto", "Sindicatura Municipal", "sindicatura")


def tree_key(root):
    return [(d, n.kind.value, n.num, n.heading, n.text, n.status.value)
            for d, n in root.iter_with_depth()]


@pytest.fixture
def parques_project(sqlite_services):
    return _project(sqlite_services)


def _project(services):
    uri = services.corpus.import_text(PARQUES, "parques.txt").uri
    project = services.projects.create("Reforma al Reglamento de Parques", [uri],
                                       promoter_office=OFFICE)
    draft_all_changes(services, project.id, uri)
    # a provision removed outright (not derogated): a deleted paragraph in the redline
    session = services.projects.open_draft(project.id, uri)
    session.editor.remove(art(session.editor.root, "13").pid)
    assert session.save()
    return services, project.id, uri


def export(services, project_id, tmp_path, name="redline.docx"):
    path = tmp_path / name
    services.redline.export(project_id, path)
    return path


def returned(tmp_path, data: bytes, name="devuelto.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- what is written ------------------------------------------------------------------------------
def test_written_revisions_have_author_date_unique_ids_and_clean_runs(parques_project, tmp_path):
    services, pid, uri = parques_project
    path = export(services, pid, tmp_path)
    root = document(path.read_bytes())
    target = services.projects.get(pid).targets[0]
    expected_date = target.updated_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    revisions = root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)
    assert revisions and {r.get(w("author")) for r in revisions} == {OFFICE}
    assert {r.get(w("date")) for r in revisions} == {expected_date}
    ids = [e.get(w("id")) for e in root.iter(w("ins"), w("del"), w("bookmarkStart"))]
    assert len(ids) == len(set(ids))
    inserted = ["".join(t.text for t in r.iter(w("t"))) for r in root.iter(w("ins"))]
    deleted = ["".join(t.text for t in r.iter(w("delText"))) for r in root.iter(w("del"))]
    assert any("jardines" in t for t in inserted)          # artículo 3, word level
    assert "seis " in deleted and "cinco " in inserted      # artículo 7: seis -> cinco
    assert not any(r.findall(".//w:t", NS) for r in root.iter(w("del")))  # delText only
    from reglamentos_app.exports.redline.validate import problems
    assert problems(root.find(w("body"))) == []
    broken = etree.fromstring(etree.tostring(root.find(w("body"))))
    broken.find(".//w:ins", NS).set(w("id"), broken.find(".//w:del", NS).get(w("id")))
    assert any("repetido" in p for p in problems(broken))
    for run in root.iter(w("r")):
        assert [c for c in run if c.tag != w("rPr")], "empty run"
        assert run.find(w("rPr")) is None or run[0].tag == w("rPr")
    for text in root.iter(w("t"), w("delText")):
        assert text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    # whole provisions: the paragraph mark itself is revised
    by_text = {paragraph_text(p): p for p in root.iter(w("p"))}
    bis = next(p for t, p in by_text.items() if t.startswith("ARTÍCULO 12 Bis.-"))
    assert bis.find("w:pPr/w:rPr/w:ins", NS) is not None
    gone = next(p for t, p in by_text.items() if t.startswith("ARTÍCULO 13.-"))
    assert gone.find("w:pPr/w:rPr/w:del", NS) is not None
    # Track Changes stays on; headings keep Word's styles; python-docx opens the file
    settings = etree.fromstring(parts(path.read_bytes())["word/settings.xml"])
    assert settings.find(w("trackRevisions")) is not None
    opened = docx.Document(str(path))
    styles = {p.style.name for p in opened.paragraphs}
    assert {"Title", "Heading 1", "Heading 4"} <= styles   # título del proyecto, reglamento, capítulo
    assert any(p.text.startswith("CAPÍTULO I") and p.style.name == "Heading 4"
               for p in opened.paragraphs)


def test_same_draft_exported_twice_gives_the_same_document(parques_project, tmp_path):
    services, pid, _uri = parques_project
    a = parts(export(services, pid, tmp_path, "a.docx").read_bytes())["word/document.xml"]
    b = parts(export(services, pid, tmp_path, "b.docx").read_bytes())["word/document.xml"]
    assert a == b


# -- Accept / Reject ----------------------------------------------------------------------------
def test_accept_all_is_the_draft_and_reject_all_is_the_base(parques_project, tmp_path):
    services, pid, uri = parques_project
    data = export(services, pid, tmp_path).read_bytes()
    project = services.projects.get(pid)
    draft = project.targets[0].draft
    base = services.projects.base_tree(project.targets[0])

    accepted = services.redline.read(pid, returned(tmp_path, decide(data, everything("accept"))))
    assert tree_key(accepted.drafts[uri]) == tree_key(draft)
    assert accepted.totals()["rechazados"] == 0 and accepted.totals()["pendientes"] == 0

    rejected = services.redline.read(pid, returned(tmp_path, decide(data, everything("reject"))))
    assert tree_key(rejected.drafts[uri]) == tree_key(base)
    assert rejected.totals()["aceptados"] == 0

    pending = services.redline.read(pid, returned(tmp_path, data))  # sent back untouched
    assert tree_key(pending.drafts[uri]) == tree_key(draft)
    assert pending.totals()["pendientes"] > 0 and not pending.changed_drafts


def _mixed(data: bytes) -> bytes:
    """Accept artículo 3, reject artículo 7 and the new 12 Bis, leave fracción II pending."""
    def decider(_revision, text):
        if text.startswith("ARTÍCULO 3.-"):
            return "accept"
        if text.startswith(("ARTÍCULO 7.-", "ARTÍCULO 12 Bis.-")):
            return "reject"
        if text.startswith("II.-") and "eventos" in text:
            return "pending"
        return "accept"
    return decide(data, decider)


def test_returned_redline_becomes_a_new_revision_with_observations(services, tmp_path):
    services, pid, uri = _project(services)
    revision = services.projects.get(pid).targets[0].revision
    data = export(services, pid, tmp_path).read_bytes()
    data = _mixed(data)
    data = comment(data, "ARTÍCULO 3.-", "y jardines", "Precisar qué se entiende por jardines.",
                   "Lic. Pedro Soto (Sindicatura)")
    data = comment(data, "ARTÍCULO 5.-", "Corresponde", "Revisar la competencia.",
                   "Síndica Procuradora")
    data = own_revision(data, "Cuidar las instalaciones", "Cuidar", "Conservar",
                        "Lic. Pedro Soto (Sindicatura)")
    path = returned(tmp_path, data)

    result = services.redline.import_file(pid, path, DRAFTER)

    target = services.projects.get(pid).targets[0]
    assert target.revision == revision + 1 and result.draft_saved
    root = target.draft
    assert art(root, "3").text.startswith("Los parques y jardines")           # accepted
    assert art(root, "7").text == "El horario de los parques es de seis a veintidós horas."
    assert not any(a.num == "12 Bis" for a in root.articles())                # rejected insert
    assert clause(art(root, "5"), "II").text == "Otorgar permisos para eventos públicos, y"
    assert clause(art(root, "12"), "I").text == "Cuidar las instalaciones;"   # proposal only
    assert art(root, "20").status is ProvisionStatus.REPEALED
    assert not any(a.num == "13" for a in root.articles())                    # removal accepted
    by_label = {p.label: p for p in result.provisions}
    assert by_label["Artículo 3"].result == "aceptado"
    assert by_label["Artículo 7"].result == "rechazado"
    assert by_label["Artículo 12 Bis"].result == "rechazado"
    assert by_label["Fracción II"].result == "pendiente"

    observations = services.workflow.observations(pid)
    texts = {(o.observation.author, o.observation.text, o.observation.quoted_text,
              o.observation.pid) for o in observations}
    a3, a5 = art(root, "3"), art(root, "5")
    assert ("Lic. Pedro Soto (Sindicatura)", "Precisar qué se entiende por jardines.",
            "y jardines", a3.pid) in texts
    assert ("Síndica Procuradora", "Revisar la competencia.", "Corresponde", a5.pid) in texts
    proposal = [o.observation for o in observations if "Conservar" in o.observation.text]
    assert proposal and proposal[0].pid == clause(art(root, "12"), "I").pid
    assert all(o.observation.draft_revision == target.revision for o in observations)
    actions = [r.action for r in services.workflow.timeline(pid)]
    assert actions.count("add_observation") == 3 and "import_redline" in actions
    assert not services.workflow.verify_record()

    # the same file again: the text is out of date now, nothing changes
    with pytest.raises(ValidationError, match="cambió desde que se exportó"):
        services.redline.import_file(pid, path, DRAFTER)
    assert len(services.workflow.observations(pid)) == 3


def test_trustee_review_records_only_the_observations(parques_project, tmp_path):
    services, pid, uri = parques_project
    services.workflow.advance(pid, "submit_to_trustee", DRAFTER)
    revision = services.projects.get(pid).targets[0].revision
    data = comment(_mixed(export(services, pid, tmp_path).read_bytes()), "ARTÍCULO 3.-",
                   "jardines", "¿Qué jardines?", "Síndico")
    path = returned(tmp_path, data)
    with pytest.raises(ValidationError, match="Revisión de la Sindicatura"):
        services.redline.import_file(pid, path, DRAFTER)
    result = services.redline.import_file(pid, path, TRUSTEE)
    assert not result.draft_saved and "no se guardó" in result.notice
    assert services.projects.get(pid).targets[0].revision == revision
    [obs] = services.workflow.observations(pid)
    assert obs.observation.author == "Síndico" and obs.observation.quoted_text == "jardines"
    # the Sindicatura returns the project; the drafter imports the same file: the text is
    # saved and the observation is not repeated
    services.workflow.advance(pid, "return_with_observations", TRUSTEE)
    again = services.redline.import_file(pid, path, DRAFTER)
    assert again.draft_saved and again.skipped_observations == 1
    assert len(services.workflow.observations(pid)) == 1


def test_bookmarks_lost_fall_back_to_numbers(parques_project, tmp_path):
    services, pid, uri = parques_project
    files = parts(decide(export(services, pid, tmp_path).read_bytes(), everything("accept")))
    root = etree.fromstring(files["word/document.xml"])
    for mark in list(root.iter(w("bookmarkStart"), w("bookmarkEnd"))):
        mark.getparent().remove(mark)
    from tests.exports.test_redline_wordsim import pack
    files["word/document.xml"] = etree.tostring(root)
    plan = services.redline.read(pid, returned(tmp_path, pack(files)))
    assert tree_key(plan.drafts[uri]) == tree_key(services.projects.get(pid).targets[0].draft)


def test_untracked_edit_is_taken_as_written_and_reported(parques_project, tmp_path):
    services, pid, uri = parques_project
    files = parts(decide(export(services, pid, tmp_path).read_bytes(), everything("accept")))
    root = etree.fromstring(files["word/document.xml"])
    for t in root.iter(w("t")):  # typed with Track Changes off
        if t.text and "Cuidar las instalaciones" in t.text:
            t.text = t.text.replace("Cuidar", "Proteger")
    from tests.exports.test_redline_wordsim import pack
    files["word/document.xml"] = etree.tostring(root)
    plan = services.redline.read(pid, returned(tmp_path, pack(files)))
    [outside] = [p for p in plan.provisions if p.outside]
    assert outside.label == "Fracción I" and outside.result == "editado en Word"
    fraction = clause(art(plan.drafts[uri], "12"), "I")
    assert fraction.text == "Proteger las instalaciones;" and fraction.num == "I"


# -- hostile or foreign files ----------------------------------------------------------------------
def _bomb() -> bytes:
    out = io.BytesIO()
    import zipfile
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>")
    return out.getvalue()


def _with_document(data: bytes, xml: bytes) -> bytes:
    from tests.exports.test_redline_wordsim import pack
    files = parts(data)
    files["word/document.xml"] = xml
    return pack(files)


def _zip(members: dict[str, bytes]) -> bytes:
    from tests.exports.test_redline_wordsim import pack
    return pack(members)


@pytest.mark.parametrize("case", ["bomb", "entities", "xxe", "not_docx", "truncated", "empty",
                                  "no_body_part", "foreign", "many_members", "zip_slip", "deep"])
def test_hostile_or_foreign_files_are_refused_in_spanish_and_change_nothing(
        case, parques_project, tmp_path):
    services, pid, uri = parques_project
    good = export(services, pid, tmp_path).read_bytes()
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document xmlns:w="' + W.encode()
              + b'"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
    xxe = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&x;</w:t></w:r>'
           b'</w:p></w:body></w:document>')
    other = _project(services)[1]
    data = {"bomb": _bomb, "entities": lambda: _with_document(good, laughs),
            "xxe": lambda: _with_document(good, xxe),
            "not_docx": lambda: "ARTÍCULO 3.- texto".encode(),
            "truncated": lambda: good[: len(good) // 2], "empty": lambda: b"",
            "no_body_part": lambda: _without(good, "word/document.xml"),
            "foreign": lambda: export(services, other, tmp_path, "otro.docx").read_bytes(),
            "many_members": lambda: _zip({**parts(good), **{f"x/{i}": b"" for i in range(2100)}}),
            "zip_slip": lambda: _zip({**parts(good), "../../fuera.txt": b"x"}),
            "deep": lambda: _with_document(good, b"<a>" * 5000 + b"</a>" * 5000),
            }[case]()
    before = (services.projects.get(pid).targets[0].revision, len(services.workflow.timeline(pid)))
    with pytest.raises(ReglamentosError) as info:
        services.redline.import_file(pid, returned(tmp_path, data), DRAFTER)
    message = info.value.user_message
    assert any(word in message for word in ("rechaza", "dañado", "no es", "proyecto número",
                                            "documento de Word"))
    assert before == (services.projects.get(pid).targets[0].revision,
                      len(services.workflow.timeline(pid)))


def _without(data: bytes, name: str) -> bytes:
    from tests.exports.test_redline_wordsim import pack
    files = parts(data)
    del files[name]
    return pack(files)


def test_reading_stops_at_the_time_limit(parques_project, tmp_path, monkeypatch):
    services, pid, _uri = parques_project
    path = export(services, pid, tmp_path)
    monkeypatch.setattr("reglamentos_app.services.redline.READ_SECONDS", -1)
    with pytest.raises(ReglamentosError, match="tardó demasiado"):
        services.redline.read(pid, path)


# -- one transaction --------------------------------------------------------------------------------
def fail_second_observation(monkeypatch, repository) -> list:
    """Make ``repository`` fail while recording the second observation; return the calls."""
    real, calls = repository.add_observation, []

    def failing(observation):
        calls.append(observation)
        if len(calls) == 2:
            raise StorageError("Fallo inyectado al registrar la observación.")
        return real(observation)

    monkeypatch.setattr(repository, "add_observation", failing)
    return calls


def test_failure_while_recording_an_observation_changes_nothing(services, tmp_path, monkeypatch):
    """Draft, observations and audit records are one transaction (SQLite and PostgreSQL): the
    second observation fails, and the new revision and the first observation are undone."""
    services, pid, uri = _project(services)
    before = services.projects.get(pid).targets[0]
    records = len(services.workflow.timeline(pid))
    data = _mixed(export(services, pid, tmp_path).read_bytes())
    data = comment(data, "ARTÍCULO 3.-", "y jardines", "Primera.", "Lic. Pedro Soto")
    data = comment(data, "ARTÍCULO 5.-", "Corresponde", "Segunda.", "Lic. Pedro Soto")
    path = returned(tmp_path, data)
    calls = fail_second_observation(monkeypatch, services.workflow.repository)
    with pytest.raises(StorageError, match="Fallo inyectado"):
        services.redline.import_file(pid, path, DRAFTER)
    assert len(calls) == 2
    after = services.projects.get(pid).targets[0]
    assert after.revision == before.revision
    assert tree_key(after.draft) == tree_key(before.draft)
    assert services.workflow.observations(pid) == []
    assert len(services.workflow.timeline(pid)) == records
    assert not services.workflow.verify_record()
    monkeypatch.undo()   # the same file goes in whole once nothing fails
    result = services.redline.import_file(pid, path, DRAFTER)
    assert result.draft_saved and len(services.workflow.observations(pid)) == 2
    assert services.projects.get(pid).targets[0].revision == before.revision + 1
