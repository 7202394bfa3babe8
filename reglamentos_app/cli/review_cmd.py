"""CLI for the corpus review: ``reglamentos revision referencias|citas|duplicados|reglas|…``.

``referencias`` lists the obsolete references the rules find (salario mínimo, Distrito
Federal, abrogated laws…); ``citas`` the citations that point nowhere; ``duplicados`` the
near-duplicate articles and terms defined differently; ``reglas`` shows, exports, imports or
resets the rules file; ``proyecto`` drafts an omnibus reform project from the hits chosen by
regulation, rule set, rule or key; ``borrador ID`` checks what a project's draft breaks;
``reporte`` writes the whole review as .docx. Lists accept ``--json`` or ``--csv``.
``modelos``, ``homologar``, ``corregir`` and ``nombrar`` (homologation against a model) live
in ``homologation_cmd``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from ..domain.errors import ValidationError
from ..domain.plural import count
from .commands import _services


def add_parsers(sub, common) -> None:
    review = sub.add_parser("revision", parents=[common],
                            help="revisión del corpus: referencias obsoletas, citas, duplicados")
    rsub = review.add_subparsers(dest="review_command", metavar="ACCIÓN", parser_class=type(review))
    rsub.required = True

    def output_options(p) -> None:
        group = p.add_mutually_exclusive_group()
        group.add_argument("--json", action="store_true", help="salida en JSON")
        group.add_argument("--csv", action="store_true", help="salida en CSV («;», para Excel)")
        p.add_argument("--salida", "-o", metavar="ARCHIVO", help="escribir en un archivo")

    p = rsub.add_parser("referencias", parents=[common],
                        help="referencias obsoletas (salario mínimo, Distrito Federal, leyes…)")
    p.add_argument("-r", "--reglamento", action="append", default=[], metavar="URI")
    p.add_argument("--conjunto", action="append", default=[], metavar="ID",
                   help="solo estos conjuntos de reglas (p. ej. lenguaje-incluyente)")
    output_options(p)
    p.set_defaults(func=cmd_references)

    p = rsub.add_parser("citas", parents=[common],
                        help="citas a artículos inexistentes o derogados y a ordenamientos "
                             "abrogados o fuera del corpus")
    p.add_argument("-r", "--reglamento", action="append", default=[], metavar="URI")
    output_options(p)
    p.set_defaults(func=cmd_citations)

    p = rsub.add_parser("duplicados", parents=[common],
                        help="artículos casi iguales entre reglamentos y definiciones distintas")
    p.add_argument("--umbral", type=float, default=85.0, metavar="N",
                   help="parecido mínimo de 50 a 100 (85)")
    p.add_argument("--sin-definiciones", action="store_true")
    output_options(p)
    p.set_defaults(func=cmd_duplicates)

    p = rsub.add_parser("reglas", parents=[common], help="ver, exportar o importar las reglas")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--exportar", metavar="ARCHIVO", help="escribir las reglas en uso (YAML)")
    group.add_argument("--importar", metavar="ARCHIVO",
                       help="validar un archivo de reglas y usarlo desde ahora")
    group.add_argument("--restablecer", action="store_true", help="volver a las reglas de fábrica")
    p.add_argument("--json", action="store_true", help="salida en JSON")
    p.set_defaults(func=cmd_rules)

    p = rsub.add_parser("proyecto", parents=[common],
                        help="crear un proyecto de reforma con los reemplazos ya redactados")
    p.add_argument("--titulo", default="", help="título del proyecto")
    p.add_argument("-r", "--reglamento", action="append", default=[], metavar="URI")
    p.add_argument("--conjunto", action="append", default=[], metavar="ID")
    p.add_argument("--regla", action="append", default=[], metavar="ID")
    p.add_argument("--clave", action="append", default=[], metavar="CLAVE",
                   help="solo estos hallazgos (la clave que da «referencias --json»)")
    p.set_defaults(func=cmd_project)

    p = rsub.add_parser("borrador", parents=[common],
                        help="citas que rompe el borrador de un proyecto de reforma")
    p.add_argument("id", type=int)
    output_options(p)
    p.set_defaults(func=cmd_draft)

    p = rsub.add_parser("reporte", parents=[common], help="reporte completo en Word (.docx)")
    p.add_argument("--salida", "-o", metavar="ARCHIVO.docx", required=True)
    p.add_argument("--umbral", type=float, default=85.0, metavar="N")
    p.set_defaults(func=cmd_report)

    from .homologation_cmd import add_homologation_parsers

    add_homologation_parsers(rsub, common)


def _emit(args, rows: list[dict], records: list[dict], text_lines: list[str]) -> None:
    """Print (or write with ``--salida``) as JSON, CSV or readable text."""
    from ..services import ReviewService

    if getattr(args, "json", False):
        data = json.dumps(records, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    elif getattr(args, "csv", False):
        data = ReviewService.csv_bytes(rows)
    else:
        data = ("\n".join(text_lines) + "\n").encode("utf-8")
    if getattr(args, "salida", None):
        from ..services.files import write_atomic

        write_atomic(Path(args.salida), data)
        print(f"Escrito: {args.salida}", file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))


def cmd_references(args) -> int:
    with _services(args) as services:
        report = services.review.scan(args.reglamento or None, sets=args.conjunto or None)
    lines = []
    for hit in report.hits:
        proposal = hit.replacement or "(revisar caso por caso)"
        lines.append(f"{hit.title} — {hit.label} [{hit.category_label}]\n"
                     f"    {hit.context}\n    → {proposal}")
    counts = "; ".join(f"{k}: {v}" for k, v in report.by_regulation.items())
    lines.append(f"{len(report.hits)} referencias obsoletas en {len(report.by_regulation)} de "
                 f"{report.regulations} reglamentos." + (f" ({counts})" if counts else ""))
    records = [{**asdict(h), "key": h.key} for h in report.hits]
    _emit(args, [h.to_row() for h in report.hits], records, lines)
    return 0


def cmd_citations(args) -> int:
    with _services(args) as services:
        findings = services.review.check_references(args.reglamento or None)
    lines = [f"{f.title} — {f.label} [{f.kind_label}]\n    «{f.citation}»: {f.message}"
             for f in findings]
    lines.append(f"{len(findings)} citas con problemas.")
    _emit(args, [f.to_row() for f in findings], [asdict(f) for f in findings], lines)
    return 0


def cmd_duplicates(args) -> int:
    with _services(args) as services:
        pairs = services.review.near_duplicates(threshold=args.umbral,
                                                definitions=not args.sin_definiciones)
    lines = [f"{p.score:.0f} % [{p.kind_label}] {p.title_a} — {p.label_a}  ⟷  "
             f"{p.title_b} — {p.label_b}" + (f"\n    {p.note}" if p.note else "")
             for p in pairs]
    lines.append(f"{len(pairs)} pares por homologar.")
    _emit(args, [p.to_row() for p in pairs], [asdict(p) for p in pairs], lines)
    return 0


def cmd_rules(args) -> int:
    with _services(args) as services:
        review = services.review
        if args.exportar:
            review.export_rules(Path(args.exportar))
            print(f"Reglas exportadas a {args.exportar}.")
            return 0
        if args.importar:
            book = review.import_rules(Path(args.importar))
            total = sum(len(s.rules) for s in book.sets)
            print(f"Reglas importadas: {total} reglas en {len(book.sets)} conjuntos.")
            return 0
        if args.restablecer:
            review.reset_rules()
            print("Se restablecieron las reglas de fábrica.")
            return 0
        book = review.rule_book()
        origin = "de fábrica" if review.using_default_rules else str(review.rules_path)
    if args.json:
        print(json.dumps(book.to_data(), ensure_ascii=False, indent=2))
        return 0
    print(f"Reglas en uso: {origin}")
    for rule_set in book.sets:
        state = "activo" if rule_set.active else "inactivo"
        print(f"\n[{rule_set.id}] {rule_set.name} ({state})")
        for rule in rule_set.rules:
            print(f"  {rule.id}: {rule.description}")
    return 0


def cmd_project(args) -> int:
    with _services(args) as services:
        report = services.review.scan(args.reglamento or None, sets=args.conjunto or None)
        hits = [h for h in report.hits
                if (not args.regla or h.rule_id in args.regla)
                and (not args.clave or h.key in args.clave)]
        if not hits:
            raise ValidationError("Ningún hallazgo coincide con lo indicado.")
        created = services.review.create_project(hits, args.titulo)
    print(created.project.id)
    print(f"Proyecto {created.project.id}: «{created.project.title}», "
          f"{count(created.applied, 'reemplazo')} en "
          f"{count(len(created.project.targets), 'reglamento')}.",
          file=sys.stderr)
    for hit in created.skipped:
        print(f"  Sin reemplazo automático: {hit.title} — {hit.label}: «{hit.matched}»",
              file=sys.stderr)
    return 0


def cmd_draft(args) -> int:
    with _services(args) as services:
        findings = services.review.check_draft(args.id)
    lines = [f"{f.title} — {f.label}: {f.message}" for f in findings]
    lines.append("El borrador no rompe ninguna cita." if not findings
                 else f"{len(findings)} problemas de citas en el borrador.")
    _emit(args, [f.to_row() for f in findings], [asdict(f) for f in findings], lines)
    return 0


def cmd_report(args) -> int:
    path = Path(args.salida)
    if path.suffix.lower() != ".docx":
        raise ValidationError("El reporte se escribe en un archivo .docx.")
    with _services(args) as services:
        health = services.review.health(threshold=args.umbral)
        services.review.export_docx(path, scan=health.scan, citations=health.citations,
                                    duplicates=health.duplicates)
    print(f"Reporte escrito en {path}.")
    return 0
