"""Every command example in the README and the user guide runs as written.

The examples are *extracted* from the documents each time (so the test follows them as they
change): every line of a fenced ``sh`` block, and every backticked ``reglamentos …`` /
``.venv/bin/reglamentos …`` / ``reglamentos-gui …`` span in the prose. An example with
placeholders (``URI``, ``RUTA``, ``[opcional]``, ``a|b``, ``…``) is a *synopsis*: its command path
and every option it names must exist in the parser. Any other example is *run verbatim*, in
document order, with ``bash`` in a temporary home whose working folder holds a copy of
``corpus/``: it must exit 0 with no traceback.

PostgreSQL examples name a server the test cannot reach (``servidor``), so the only rewriting is
of the connection: host ``servidor`` becomes the test server, database ``reglamentos`` a fresh
test database, and the login ``ana_ruiz`` a unique login (PostgreSQL roles are cluster-wide; the
login is dropped afterwards). Nothing else in a command is changed.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from reglamentos_app.cli.main import build_parser
from tests.conftest import PG_ADMIN_URL, REPO

DOCUMENTS = ("README.md", "docs/guia-de-usuario.md")
PROGRAMS = ("reglamentos", ".venv/bin/reglamentos", "reglamentos-gui")
_FENCE = re.compile(r"^[ \t]*```(sh|bash|shell|console)[ \t]*\n(.*?)^[ \t]*```", re.M | re.S)
_INLINE = re.compile(r"`((?:\.venv/bin/)?reglamentos(?:-gui)? [^`\n]+)`")
# A placeholder: an upper-case word (URI, RUTA, ID, N, AAAA-MM-DD, ARCHIVO.docx, URI@AAAA-MM-DD).
_PLACEHOLDER = re.compile(r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9_-]*(?:[.@][\w.-]*)?")


@dataclass(frozen=True)
class Example:
    document: str
    line: int
    text: str  # the command exactly as documented (continuations joined)
    fenced: bool

    @property
    def where(self) -> str:
        return f"{self.document}:{self.line}"

    @property
    def words(self) -> list[str]:
        return shlex.split(self.text.replace("\\|", "|"), comments=True)

    @property
    def is_synopsis(self) -> bool:
        for word in self.words[1:]:
            if any(mark in word for mark in ("…", "[", "]", "|")) or "/--" in word:
                return True
            if _PLACEHOLDER.fullmatch(word) and not word.startswith("-"):
                return True
        return False


def extract(document: str) -> tuple[list[Example], list[tuple[str, int, str]]]:
    """The ``reglamentos`` examples of a document, and the other fenced shell lines."""
    text = (REPO / document).read_text(encoding="utf-8")
    examples: list[tuple[int, Example]] = []
    others: list[tuple[str, int, str]] = []
    fenced_spans = []
    for block in _FENCE.finditer(text):
        fenced_spans.append(block.span())
        start_line = text.count("\n", 0, block.start(2)) + 1
        pending, first = "", 0
        for offset, raw in enumerate(block.group(2).splitlines()):
            if not pending:
                first = start_line + offset
            pending += raw.strip()
            if pending.endswith("\\"):
                pending = pending[:-1] + " "
                continue
            command, pending = pending, ""
            if not command or command.startswith("#"):
                continue
            program = shlex.split(command, comments=True)[0]
            if program in PROGRAMS:
                examples.append((first, Example(document, first, command, True)))
            else:
                others.append((document, first, command))
    for match in _INLINE.finditer(text):
        if any(a <= match.start() < b for a, b in fenced_spans):
            continue
        line = text.count("\n", 0, match.start()) + 1
        examples.append((line, Example(document, line, match.group(1).strip(), False)))
    return [example for _, example in sorted(examples, key=lambda pair: pair[0])], others


ALL = {doc: extract(doc) for doc in DOCUMENTS}
EXAMPLES = [example for doc in DOCUMENTS for example in ALL[doc][0]]
SYNOPSES = [e for e in EXAMPLES if e.is_synopsis]


def test_the_documents_have_examples_to_check():
    # If the extraction broke, everything below would pass vacuously.
    assert sum(not e.is_synopsis for e in EXAMPLES) >= 8
    assert len(SYNOPSES) >= 30
    assert any(e.fenced and "postgresql://" in e.text for e in EXAMPLES)


@pytest.mark.parametrize(("document", "line", "command"),
                         [other for doc in DOCUMENTS for other in ALL[doc][1]])
def test_other_shell_lines_are_dev_sh_commands_it_knows(document, line, command):
    words = shlex.split(command, comments=True)
    assert words[0] in ("./dev.sh", "xvfb-run"), f"{document}:{line}: ejemplo no verificado"
    verb = words[words.index("./dev.sh") + 1]
    assert re.search(rf"^\s*{re.escape(verb)}\)", (REPO / "dev.sh").read_text(), re.M), \
        f"{document}:{line}: dev.sh no tiene «{verb}»"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse has no public API for this
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {opt for action in parser._actions for opt in action.option_strings}


@pytest.mark.parametrize("example", SYNOPSES, ids=lambda e: e.where)
def test_synopsis_names_real_commands_and_options(example):
    words = example.words
    if words[0] == "reglamentos-gui":
        return  # the desktop program: its only documented option is run below
    top = build_parser()
    parsers = [top]  # alternatives (``cuadro|decreto``) are followed side by side
    for word in words[1:]:
        if word.startswith("-"):
            break
        choices = _subparsers(parsers[0])
        if not choices:
            break
        names = word.split("|")
        unknown = [n for n in names if n not in choices]
        assert not unknown, f"{example.where}: «{example.text}»: no existe el comando {unknown}"
        parsers = [choices[name] for name in names]
    # An option of the synopsis must belong to one of the alternatives it lists.
    known = set().union(*(_options(p) for p in parsers)) | _options(top)
    for word in words[1:]:
        for option in re.findall(r"--?[a-zA-Z][\w-]*", word):
            if word.startswith(("-", "[-", "[--")) or word.startswith(option):
                assert option in known, \
                    f"{example.where}: «{example.text}»: la opción {option} no existe"


def _pg_names():
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN_URL)
    return admin, f"reglamentos_docs_{uuid.uuid4().hex[:10]}", f"ana_ruiz_{uuid.uuid4().hex[:8]}"


def _admin_sql(sql: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _wrapper(path: Path, module: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m {module} "$@"\n', encoding="utf-8")
    path.chmod(0o755)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_runnable_example_runs_verbatim(document, tmp_path, pg_url):
    runnable = [e for e in ALL[document][0] if not e.is_synopsis]
    if not runnable:
        pytest.skip(f"{document} no tiene ejemplos ejecutables")
    work = tmp_path / "trabajo"
    shutil.copytree(REPO / "corpus", work / "corpus")
    bin_dir = tmp_path / "bin"
    _wrapper(bin_dir / "reglamentos", "reglamentos_app.cli.main")
    _wrapper(bin_dir / "reglamentos-gui", "reglamentos_app")
    _wrapper(work / ".venv" / "bin" / "reglamentos", "reglamentos_app.cli.main")
    admin, database, login = _pg_names()
    # pg_url's database is fresh too, but the documents call theirs "reglamentos": make ours.
    _admin_sql(f'CREATE DATABASE "{database}"')
    server = f"{admin.host or '127.0.0.1'}:{admin.port or 5432}"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(REPO), "REGLAMENTOS_HOME": str(tmp_path / "home"),
           "QT_QPA_PLATFORM": "offscreen", "REGLAMENTOS_SOFT_EXIT": "1"}
    env.pop("REGLAMENTOS_DB", None)
    failures = []
    try:
        for example in runnable:
            command = (example.text.replace("@servidor/reglamentos", f"@{server}/{database}")
                       .replace("ana_ruiz", login))
            done = subprocess.run(["bash", "-c", command], cwd=work, env=env, text=True,
                                  capture_output=True, timeout=600)
            if done.returncode != 0 or "Traceback" in done.stderr:
                failures.append(f"{example.where}: «{example.text}» salió con {done.returncode}:"
                                f"\n{done.stderr[-1500:]}")
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _admin_sql(f'DROP ROLE IF EXISTS "{login}"')
    assert not failures, "\n\n".join(failures)
