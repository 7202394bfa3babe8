"""The CLI commands: each opens the services, does one thing and returns an exit code."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from ..config import Settings
from ..domain.errors import ValidationError
from ..domain.gazette import gazette_to_dict
from ..domain.plural import count
from ..domain.provisions import Provision, ProvisionKind
from ..services import ImportStatus, Services, open_services
from ..services.files import write_atomic
from .progress import TextProgress


def _services(args, *, allow_shared_upgrade: bool = False) -> Services:
    url = args.db or Settings.load().effective_db_url
    return open_services(url, allow_shared_upgrade=allow_shared_upgrade)


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"La fecha «{text}» no es válida; use el formato AAAA-MM-DD.") from exc


def cmd_import(args) -> int:
    with _services(args) as services:
        outcomes = []
        if "-" in args.paths:  # text piped or pasted into the terminal
            outcomes.append(services.corpus.import_text(sys.stdin.read(), "entrada estándar"))
        paths = [Path(p) for p in args.paths if p != "-"]
        if paths:
            bar = None if args.quiet else TextProgress(sys.stderr)
            outcomes += services.corpus.import_paths(paths, progress=bar, encoding=args.encoding)
            if bar:
                bar.close()
    failed = sum(o.status is ImportStatus.FAILED for o in outcomes)
    if getattr(args, "json", False):
        print(json.dumps([_outcome_json(o) for o in outcomes], ensure_ascii=False, indent=2))
        return 3 if failed or any(o.review for o in outcomes) else (0 if outcomes else 1)
    for o in outcomes:
        if o.status is ImportStatus.FAILED:
            print(f"ERROR\t{tsv(str(o.path))}\t{tsv(o.message)}", file=sys.stderr)
            continue
        print(f"{o.uri}\t{o.status.label}\t{o.articles} artículos\t{tsv(o.path.name)}")
        if o.notice:  # "nueva versión de …" / not the same instrument as a stored one
            print(f"  {tsv(o.notice)}")
        for warning in o.warnings:
            print(f"  aviso ({warning.kind.label}) {tsv(warning.format())}", file=sys.stderr)
        if o.review:  # much text outside articles: stored, but the user must look at it
            failed += 1
            print(f"REVISAR\t{tsv(str(o.path))}\t{tsv(o.review)}", file=sys.stderr)
    if not outcomes:
        print("No se encontraron archivos para importar.", file=sys.stderr)
        return 1
    return 3 if failed else 0


def tsv(value: str) -> str:
    """A field of tab-separated output on one line: backslash, tab and line breaks escaped
    (a file named "a\nb.txt" split the output into two records)."""
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _outcome_json(o) -> dict:
    return {"ruta": str(o.path), "estado": o.status.value, "uri": o.uri or None,
            "titulo": o.title or None, "articulos": o.articles, "mensaje": o.message or None,
            "aviso": o.notice or None, "revisar": o.review or None,
            "avisos": [w.format() for w in o.warnings]}


def cmd_list(args) -> int:
    with _services(args) as services:
        rows = services.corpus.list_regulations()
    if args.json:
        print(json.dumps([{
            "uri": r.uri, "title": r.title, "kind": r.kind.value, "status": r.status.value,
            "last_reform": r.last_reform.isoformat() if r.last_reform else None,
            "articles": r.article_count, "versions": r.version_count,
        } for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("El corpus está vacío. Importe reglamentos con «reglamentos import RUTA».")
        return 0
    for r in rows:
        last = r.last_reform.strftime("%d/%m/%Y") if r.last_reform else "—"
        print(f"{r.uri}\t{r.kind.label}\t{r.status.label}\túlt. reforma {last}\t"
              f"{r.article_count} art.\t{tsv(r.title)}")
    print(f"{count(len(rows), 'instrumento')}.", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    when = _parse_date(args.date)
    with _services(args) as services:
        regulation = services.corpus.get_regulation(args.uri)
        expression = services.corpus.get_text(args.uri, when)
        upcoming = services.corpus.next_version(args.uri, when)
    if args.json:
        data = _show_json(regulation, expression)
        data["next_version"] = upcoming.valid_from.isoformat() if upcoming else None
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(regulation.title)
    print(f"URI: {regulation.uri}")
    print(f"Tipo: {regulation.kind.label} · Estado: {regulation.status.label} · "
          f"Reforma por: {regulation.reform_quorum.label}")
    if regulation.original_publication:
        print(f"Publicación original: {regulation.original_publication.describe()}")
    if regulation.last_reform:
        print(f"Última reforma: {regulation.last_reform.describe()}")
    valid = expression.valid_from.strftime("%d/%m/%Y") if expression.valid_from else "su publicación"
    print(f"Texto vigente desde: {valid}")
    if upcoming is not None:
        print(f"Próxima versión: entra en vigor el {upcoming.valid_from:%d/%m/%Y}")
    print()
    for depth, node in expression.root.iter_with_depth():
        if depth:
            print("  " * (depth - 1) + _outline(node))
    return 0


def _outline(node: Provision) -> str:
    label = node.display_label() if node.kind is not ProvisionKind.TRANSITIONAL_GROUP else "TRANSITORIOS"
    if node.kind.is_division:
        label = label.upper()
    extra = f" — {node.heading}" if node.heading and node.kind is not ProvisionKind.TRANSITIONAL_GROUP else ""
    if node.kind is ProvisionKind.TRANSITIONAL_GROUP and node.heading:
        extra = f" ({node.heading})"
    if node.kind is ProvisionKind.PARAGRAPH:
        label, extra = "Párrafo", f": {node.text[:60]}…" if len(node.text) > 60 else f": {node.text}"
    status = " [derogado]" if node.status.value == "repealed" else ""
    notes = f" [{len(node.notes)} nota(s) de reforma]" if node.notes else ""
    return f"{label}{extra}{status}{notes}"


def _show_json(regulation, expression) -> dict:
    return {
        "uri": str(regulation.uri), "title": regulation.title, "kind": regulation.kind.value,
        "status": regulation.status.value, "issuing_body": regulation.issuing_body,
        "reform_quorum": regulation.reform_quorum.value,
        "responsible_unit": regulation.responsible_unit,
        "original_publication": gazette_to_dict(regulation.original_publication, with_source=False),
        "reforms": [gazette_to_dict(r, with_source=False) for r in regulation.reforms],
        "version": {
            "valid_from": expression.valid_from.isoformat() if expression.valid_from else None,
            "valid_until": expression.valid_until.isoformat() if expression.valid_until else None,
        },
        "provisions": [c.to_dict() for c in expression.root.children],
    }


def cmd_export_text(args) -> int:
    when = _parse_date(args.date)
    with _services(args) as services:
        text = services.corpus.export_text(args.uri, when)
    sys.stdout.write(text)
    return 0


def cmd_export_akn(args) -> int:
    when = _parse_date(args.date)
    with _services(args) as services:
        data = services.corpus.export_akn(args.uri, when)
    if args.salida:
        write_atomic(Path(args.salida), data)
        print(f"Se escribió {args.salida} ({len(data):,} bytes).", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_report(args) -> int:
    with _services(args) as services:
        report = services.corpus.import_report(args.uri)
    if report.counts:
        print(f"Se encontró: {report.summary()}.")
    if report.removed:
        print(f"Líneas quitadas como paginación: {len(report.removed)}")
    for line, correction in sorted(report.corrections.items()):
        print(f"Corrección del usuario\tlínea {line}: {correction.label}")
    if not report.warnings:
        print("Sin advertencias.")
    for w in report.warnings:
        print(f"{w.kind.label}\t{w.format()}")
    return 0
