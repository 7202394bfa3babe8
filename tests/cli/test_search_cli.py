"""The ``search`` and ``reindex`` commands."""

from __future__ import annotations

import json

from reglamentos_app.cli.main import main
from tests.search.texts import BANDO, TRANSITO_V1


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _import(tmp_path, capsys, url):
    for name, text in (("transito.txt", TRANSITO_V1), ("bando.txt", BANDO)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, _out, _err = run(capsys, "import", "-q", str(tmp_path / "transito.txt"),
                           str(tmp_path / "bando.txt"), "--db", url)
    assert code == 0


def test_search_text_and_json(tmp_path, capsys, sqlite_url):
    _import(tmp_path, capsys, sqlite_url)
    code, out, err = run(capsys, "search", "sanciones", "--db", sqlite_url)
    assert code == 0
    assert "[SANCIÓN]" in out and "Reglamento de Tránsito — Artículo 2." in out
    assert "Preparando el índice" in err  # built on first use
    code, out, _err = run(capsys, "search", "multa", "--fecha", "2003-01-01", "--json",
                          "--db", sqlite_url)
    data = json.loads(out)
    assert code == 0 and data["fecha"] == "2003-01-01" and data["total"] == 1
    assert data["hits"][0]["label"] == "Artículo 3" and data["groups"][0]["count"] == 1


def test_search_citation_and_notice(tmp_path, capsys, sqlite_url):
    _import(tmp_path, capsys, sqlite_url)
    code, out, _err = run(capsys, "search", "artículo 3 bis del reglamento de tránsito",
                          "--db", sqlite_url)
    assert code == 0 and out.startswith("Cita encontrada:") and "Artículo 3 Bis" in out
    code, _out, err = run(capsys, "search", '"vía pública', "--db", sqlite_url)
    assert code == 0 and "comillas" in err


def test_reindex_and_bad_date(tmp_path, capsys, sqlite_url):
    _import(tmp_path, capsys, sqlite_url)
    code, out, _err = run(capsys, "reindex", "-q", "--db", sqlite_url)
    assert code == 0 and "11 disposiciones" in out
    code, _out, err = run(capsys, "search", "multa", "--fecha", "ayer", "--db", sqlite_url)
    assert code == 1 and "AAAA-MM-DD" in err


def test_search_in_project_drafts(tmp_path, capsys, sqlite_url):
    from reglamentos_app.services import open_services

    _import(tmp_path, capsys, sqlite_url)
    with open_services(sqlite_url) as services:
        uri = next(r.uri for r in services.corpus.list_regulations() if "TRÁNSITO" in r.title)
        project = services.projects.create("Reforma de patinetas", [uri])
        session = services.projects.open_draft(project.id, uri)
        article = next(a for a in session.editor.root.articles() if a.num == "5")
        session.editor.edit(article.pid, text="Se prohíbe circular en patineta.")
        session.save()
    code, out, _err = run(capsys, "search", "patineta", "--db", sqlite_url)
    assert code == 0 and "No se encontró" in out
    code, out, _err = run(capsys, "search", "patineta", "--proyectos", "--db", sqlite_url)
    assert code == 0 and "[borrador]" in out and "[patineta]" in out
    assert "Borrador del proyecto de reforma «Reforma de patinetas»" in out
    code, out, _err = run(capsys, "search", "patineta", "--proyectos", "--json", "--db",
                          sqlite_url)
    data = json.loads(out)
    assert data["hits"][0]["project_id"] == project.id and data["groups"][0]["project_id"]


def test_search_with_an_optional_equivalence(tmp_path, capsys, sqlite_url):
    text = BANDO.replace("amonestación, multa o arresto",
                         "amonestación, multa de diez UMA o arresto")
    (tmp_path / "bando.txt").write_text(text, encoding="utf-8")
    assert run(capsys, "import", "-q", str(tmp_path / "bando.txt"), "--db", sqlite_url)[0] == 0
    code, out, _err = run(capsys, "search", "salario mínimo", "--db", sqlite_url)
    assert code == 0 and "No se encontró ninguna disposición" in out
    code, out, err = run(capsys, "search", "salario mínimo", "--equivalencia", "uma",
                         "--db", sqlite_url)
    assert code == 0 and "[UMA]" in out and "Salario mínimo ↔ UMA" in err
