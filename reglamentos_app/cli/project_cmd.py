"""CLI for reform projects and comparisons: ``diff`` and ``project …``.

Enough to script a reform end to end: create a project on one or several regulations, edit,
add, derogate, renumber and move units of its drafts (addressed by their eId in the draft, as
``show --json`` and ``project show`` print them), write the transitorios, list the reform
operations, print the draft decree, check conflicts with other projects and publish.
"""

from __future__ import annotations

import json
import sys

from ..domain.changes import AlignedPair, ReformOperation
from ..domain.errors import NotFoundError, ValidationError
from ..domain.operations import format_citation
from ..domain.provisions import NoteStyle, ProvisionKind
from ..domain.reform import ProjectKind, PromoterKind
from ..services import Comparison
from .commands import _parse_date, _services

KIND_CHOICES = {
    "articulo": ProvisionKind.ARTICLE, "parrafo": ProvisionKind.PARAGRAPH,
    "fraccion": ProvisionKind.CLAUSE, "inciso": ProvisionKind.ITEM,
    "numeral": ProvisionKind.NUMERAL, "titulo": ProvisionKind.TITLE,
    "capitulo": ProvisionKind.CHAPTER, "seccion": ProvisionKind.SECTION,
    "transitorio": ProvisionKind.TRANSITIONAL,
}
PROJECT_KINDS = {"parcial": ProjectKind.PARTIAL_REFORM, "integral": ProjectKind.FULL_REFORM,
                 "nueva": ProjectKind.NEW_ISSUE, "abrogacion": ProjectKind.ABROGATION,
                 "abrogacion-expedicion": ProjectKind.ABROGATION_AND_ISSUE}
NOTE_STYLES = {"preambulo": NoteStyle.PREAMBLE, "parentesis": NoteStyle.PARENTHETICAL,
               "editor": NoteStyle.EDITOR, "ninguna": None}
PROMOTERS = {"regidor": PromoterKind.COUNCILLOR, "sindico": PromoterKind.TRUSTEE,
             "dependencia": PromoterKind.DEPARTMENT, "comision": PromoterKind.COMMISSION}


def add_parsers(sub, common) -> None:
    """Register ``diff`` and ``project`` on the main parser's subcommands."""
    p = sub.add_parser("diff", parents=[common], help="comparar dos versiones, dos reglamentos "
                       "o dos archivos")
    p.add_argument("a", metavar="A", help="URI, URI@AAAA-MM-DD o archivo (texto base)")
    p.add_argument("b", metavar="B", help="URI, URI@AAAA-MM-DD o archivo (texto nuevo)")
    p.add_argument("--json", action="store_true", help="alineación y operaciones en JSON")
    p.set_defaults(func=cmd_diff)

    project = sub.add_parser("project", parents=[common], help="proyectos de reforma")
    psub = project.add_subparsers(dest="project_command", metavar="ACCIÓN",
                                  parser_class=type(project))
    psub.required = True
    _project_parsers(psub, common)


def _project_parsers(psub, common) -> None:
    p = psub.add_parser("new", parents=[common], help="crear un proyecto de reforma")
    p.add_argument("title", metavar="TÍTULO")
    p.add_argument("--reglamento", "-r", action="append", default=[], metavar="URI",
                   help="reglamento que reforma (repetible: reformas de varios reglamentos)")
    p.add_argument("--tipo", choices=sorted(PROJECT_KINDS), default="parcial")
    p.add_argument("--promovente-tipo", choices=sorted(PROMOTERS), default="dependencia")
    p.add_argument("--promovente", default="", help="oficina que promueve")
    p.add_argument("--folio", default="", help="folio o expediente")
    p.add_argument("--motivos", default="", help="exposición de motivos")
    p.set_defaults(func=cmd_new)

    p = psub.add_parser("list", parents=[common], help="listar los proyectos")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = psub.add_parser("show", parents=[common], help="datos, borradores y cambios de un proyecto")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = psub.add_parser("add-target", parents=[common], help="agregar un reglamento al proyecto")
    p.add_argument("id", type=int)
    p.add_argument("uri", metavar="URI")
    p.set_defaults(func=cmd_add_target)

    p = psub.add_parser("new-regulation", parents=[common],
                        help="agregar un reglamento de nueva expedición")
    p.add_argument("id", type=int)
    p.add_argument("title", metavar="TÍTULO")
    p.add_argument("--archivo", metavar="ARCHIVO.txt", help="texto inicial")
    p.set_defaults(func=cmd_new_regulation)

    p = psub.add_parser("edit", parents=[common], help="cambiar el texto de una disposición")
    _target_args(p)
    p.add_argument("eid", metavar="EID")
    p.add_argument("--texto")
    p.add_argument("--epigrafe")
    p.set_defaults(func=cmd_edit)

    p = psub.add_parser("add", parents=[common], help="adicionar una disposición")
    _target_args(p)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--despues-de", metavar="EID", help="después de esta disposición")
    where.add_argument("--dentro-de", metavar="EID", help="al final de esta disposición")
    p.add_argument("--tipo", choices=sorted(KIND_CHOICES), help="por omisión, el de la anterior")
    p.add_argument("--numero", help="por omisión se sugiere (12 Bis entre 12 y 13)")
    p.add_argument("--epigrafe", default="")
    p.add_argument("--texto", default="")
    p.set_defaults(func=cmd_add)

    p = psub.add_parser("derogate", parents=[common], help="derogar una disposición")
    _target_args(p)
    p.add_argument("eid", metavar="EID")
    p.set_defaults(func=cmd_derogate)

    p = psub.add_parser("renumber", parents=[common], help="cambiar el número de una disposición")
    _target_args(p)
    p.add_argument("eid", metavar="EID")
    p.add_argument("numero")
    p.set_defaults(func=cmd_renumber)

    p = psub.add_parser("move", parents=[common], help="mover una disposición")
    _target_args(p)
    p.add_argument("eid", metavar="EID")
    p.add_argument("--dentro-de", required=True, metavar="EID", help="«raiz» para el nivel superior")
    p.add_argument("--posicion", type=int, default=0)
    p.set_defaults(func=cmd_move)

    p = psub.add_parser("transitorios", parents=[common], help="fijar los transitorios del decreto")
    p.add_argument("id", type=int)
    p.add_argument("--texto", action="append", required=True, help="un transitorio (repetible)")
    p.set_defaults(func=cmd_transitorios)

    p = psub.add_parser("ops", parents=[common], help="operaciones de reforma del proyecto")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ops)

    p = psub.add_parser("decree", parents=[common], help="texto del proyecto de decreto")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_decree)

    p = psub.add_parser("conflicts", parents=[common],
                        help="otros proyectos abiertos que tocan las mismas disposiciones")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_conflicts)

    p = psub.add_parser("rebase", parents=[common],
                        help="actualizar la base: rehacer los cambios sobre el texto más reciente")
    _target_args(p)
    p.set_defaults(func=cmd_rebase)

    # Publication is an act of the procedure: here, only an administrator's «publicación
    # directa» (a publication made outside the program), recorded with its reason.
    p = psub.add_parser("publish", parents=[common],
                        help="publicación directa (administración): registrar en el trámite "
                             "una publicación hecha fuera del programa y consolidarla")
    p.add_argument("id", type=int)
    p.add_argument("--numero", required=True, help="número del Periódico Oficial")
    p.add_argument("--seccion", default="")
    p.add_argument("--tomo", default="")
    p.add_argument("--fecha", required=True, metavar="AAAA-MM-DD", help="fecha de publicación")
    p.add_argument("--vigencia", metavar="AAAA-MM-DD",
                   help="entrada en vigor (por omisión, la que dicen los transitorios)")
    p.add_argument("--notas", choices=sorted(NOTE_STYLES), default="preambulo",
                   help="estilo de las notas de reforma")
    p.add_argument("--confirmar-revision", action="store_true",
                   help="confirmar los cambios marcados «(revisar)» (leídos en el decreto)")
    p.add_argument("--motivo", default="", help="por qué se publica fuera del trámite")
    p.add_argument("--usuario", metavar="USUARIO",
                   help="perfil de administración que la registra (número o nombre)")
    p.set_defaults(func=cmd_publish)


def _target_args(p) -> None:
    p.add_argument("id", type=int)
    p.add_argument("uri", metavar="URI", help="reglamento del proyecto")


# -- diff ---------------------------------------------------------------------------------------
def cmd_diff(args) -> int:
    with _services(args) as services:
        comparison = services.compare.compare(args.a, args.b)
        if args.json:
            print(json.dumps(comparison_to_json(comparison), ensure_ascii=False, indent=2))
            return 0
        if comparison.warning:
            print(f"aviso: {comparison.warning}", file=sys.stderr)
        print(f"--- {comparison.base_label}\n+++ {comparison.draft_label}")
        for pair in comparison.alignment.changed():
            print(_pair_line(pair))
        print(f"\n{comparison.summary()}")
        for op in comparison.operations:
            print(_op_line(op))
    return 0


def _pair_line(pair: AlignedPair) -> str:
    left = pair.base.display_label() if pair.base else "SIN CORRELATIVO"
    right = pair.draft.display_label() if pair.draft else "SIN CORRELATIVO"
    return f"{pair.kind.label:>12}  {left:<28} {right}"


def _op_line(op: ReformOperation) -> str:
    flag = "  (revisar)" if op.needs_review else ""
    return f"{op.kind.label:<13} {format_citation(op.citation):<40} {op.eid}{flag}"


def op_to_json(op: ReformOperation) -> dict:
    return {"kind": op.kind.value, "label": op.kind.label, "eid": op.eid, "pid": op.pid,
            "provision_kind": op.provision_kind.value, "citation": format_citation(op.citation),
            "old_hash": op.old_hash, "parent_pid": op.parent_pid, "after_pid": op.after_pid,
            "old_num": op.old_num, "needs_review": op.needs_review,
            "regulation_uri": op.regulation_uri}


def comparison_to_json(comparison: Comparison) -> dict:
    return {
        "base": comparison.base_label, "draft": comparison.draft_label,
        "summary": comparison.summary(), "warning": comparison.warning or None,
        "alignment": [{
            "kind": pair.kind.value,
            "base_eid": pair.base.eid if pair.base else None,
            "draft_eid": pair.draft.eid if pair.draft else None,
            "match": pair.match.value if pair.match else None,
            "moved": pair.moved, "renumbered": pair.renumbered,
            "similarity": round(pair.similarity, 1),
        } for pair in comparison.alignment.pairs],
        "operations": [op_to_json(op) for op in comparison.operations],
    }


# -- projects -------------------------------------------------------------------------------------
def cmd_new(args) -> int:
    with _services(args) as services:
        project = services.projects.create(
            args.title, args.reglamento, kind=PROJECT_KINDS[args.tipo],
            promoter_kind=PROMOTERS[args.promovente_tipo], promoter_office=args.promovente,
            motives=args.motivos, file_number=args.folio)
        print(project.id)
    return 0


def cmd_list(args) -> int:
    with _services(args) as services:
        rows = services.projects.list()
    if args.json:
        print(json.dumps([{"id": r.id, "title": r.title, "kind": r.kind.value,
                           "status": r.status.value, "file_number": r.file_number,
                           "promoter": r.promoter, "targets": list(r.target_uris)}
                          for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r.id}\t{r.status.label}\t{r.kind.label}\t{r.title}\t{'; '.join(r.targets)}")
    return 0


def cmd_show(args) -> int:
    with _services(args) as services:
        project = services.projects.get(args.id)
        ops = services.projects.operations(args.id)
        stale = (services.projects.stale_targets(args.id)
                 if project.status.value == "open" else [])
    if args.json:
        print(json.dumps({
            "id": project.id, "title": project.title, "kind": project.kind.value,
            "status": project.status.value, "promoter_kind": project.promoter_kind.value,
            "promoter_office": project.promoter_office, "file_number": project.file_number,
            "motives": project.motives, "transitorios": project.transitorios,
            "targets": [{"uri": t.regulation_uri, "title": t.regulation_title,
                         "base_valid_from": t.base_valid_from.isoformat()
                         if t.base_valid_from else None, "is_new": t.is_new,
                         "revision": t.revision, "draft": t.draft.to_dict(),
                         "operations": [op_to_json(o) for o in ops[t.regulation_uri]]}
                        for t in project.targets],
        }, ensure_ascii=False, indent=2))
        return 0
    from ..domain.wording import summarize

    print(f"Proyecto {project.id}: {project.title} ({project.kind.label}, {project.status.label})")
    for t in project.targets:
        print(f"  {t.regulation_uri}\t{t.regulation_title}\t{summarize(ops[t.regulation_uri])}")
    for s in stale:
        print(f"aviso: {s.describe()} («reglamentos project rebase {project.id} "
              f"{s.regulation_uri}»)", file=sys.stderr)
    return 0


def cmd_add_target(args) -> int:
    with _services(args) as services:
        services.projects.add_target(args.id, args.uri)
    return 0


def cmd_new_regulation(args) -> int:
    from pathlib import Path

    text = Path(args.archivo).read_text(encoding="utf-8") if args.archivo else None
    with _services(args) as services:
        print(services.projects.add_new_regulation(args.id, args.title, text=text))
    return 0


def _with_draft(args, action) -> int:
    """Open a draft, run one edit, save it; print the eId the edit produced when there is one."""
    with _services(args) as services:
        session = services.projects.open_draft(args.id, args.uri)
        result = action(services, session)
        session.save()
        if result is not None:
            print(result.eid)
    return 0


def _pid(session, eid: str) -> str:
    if eid in ("raiz", "root", ""):
        return session.editor.root.pid
    node = session.editor.root.find(eid)
    if node is None:
        raise NotFoundError(f"El borrador no tiene la disposición «{eid}» "
                            "(vea los eId con «reglamentos project show ID --json»).")
    return node.pid


def cmd_edit(args) -> int:
    if args.texto is None and args.epigrafe is None:
        raise ValidationError("Indique --texto y/o --epigrafe.")
    return _with_draft(args, lambda _s, session: session.editor.edit(
        _pid(session, args.eid), heading=args.epigrafe, text=args.texto))


def cmd_add(args) -> int:
    kind = KIND_CHOICES[args.tipo] if args.tipo else None

    def add(_services, session):
        editor = session.editor
        if args.despues_de:
            return editor.insert_after(_pid(session, args.despues_de), kind, num=args.numero,
                                       heading=args.epigrafe, text=args.texto)
        if kind is None:
            raise ValidationError("Con --dentro-de indique también --tipo.")
        return editor.append_child(_pid(session, args.dentro_de), kind, num=args.numero,
                                   heading=args.epigrafe, text=args.texto)

    return _with_draft(args, add)


def cmd_derogate(args) -> int:
    return _with_draft(args, lambda _s, session: session.editor.derogate(_pid(session, args.eid)))


def cmd_renumber(args) -> int:
    return _with_draft(args, lambda _s, session: session.editor.renumber(
        _pid(session, args.eid), args.numero))


def cmd_move(args) -> int:
    return _with_draft(args, lambda _s, session: session.editor.move(
        _pid(session, args.eid), _pid(session, args.dentro_de), args.posicion))


def cmd_transitorios(args) -> int:
    with _services(args) as services:
        project = services.projects.get(args.id)
        project.transitorios = list(args.texto)
        services.projects.update(project)
    return 0


def cmd_ops(args) -> int:
    with _services(args) as services:
        ops = services.projects.operations(args.id)
    if args.json:
        print(json.dumps({uri: [op_to_json(o) for o in items] for uri, items in ops.items()},
                         ensure_ascii=False, indent=2))
        return 0
    for uri, items in ops.items():
        print(uri)
        for op in items:
            print("  " + _op_line(op))
    return 0


def cmd_decree(args) -> int:
    with _services(args) as services:
        print(services.projects.decree(args.id))
    return 0


def cmd_conflicts(args) -> int:
    """Exit code 1 when any other open project touches (or contains) the same provisions,
    so that a script can stop before sending a project on."""
    with _services(args) as services:
        conflicts = services.projects.conflicts(args.id)
        stale = services.projects.stale_targets(args.id)
    for c in conflicts:
        print(f"{c.other_id}\t{c.other_title}\t{c.citation}\t{c.regulation_uri}")
    for s in stale:
        print(f"aviso: {s.describe()}", file=sys.stderr)
    if not conflicts:
        print("Ningún otro proyecto abierto toca las mismas disposiciones.")
        return 0
    return 1


def cmd_rebase(args) -> int:
    with _services(args) as services:
        result = services.projects.rebase(args.id, args.uri)
    when = f"{result.base_valid_from:%d/%m/%Y}" if result.base_valid_from else "sin fecha"
    print(f"Base actualizada al texto vigente desde {when}: {result.kept} cambio(s) rehechos.")
    for reason in result.dropped:
        print(f"no se aplicó: {reason}")
    return 0


def _versions_or_none(services, uri: str) -> list:
    """The stored versions of ``uri`` (none yet for a regulation the project expedites)."""
    try:
        return services.corpus.versions(uri)
    except NotFoundError:   # a new regulation has no stored versions before its publication
        return []


def cmd_publish(args) -> int:
    """The administrator's «publicación directa» through the procedure (never around it)."""
    from .workflow_cmd import acting_user   # local: that module is the procedure's CLI

    data = {"direct_publication_reason": args.motivo, "gazette_number": args.numero,
            "gazette_section": args.seccion, "gazette_tome": args.tomo,
            "publication_date": args.fecha}
    with _services(args) as services:
        user = acting_user(services, args.usuario)
        options = {"note_style": NOTE_STYLES[args.notas],
                   "entry_override": _parse_date(args.vigencia),
                   "confirm_review": args.confirmar_revision}
        uris = [t.regulation_uri for t in services.projects.get(args.id).targets]
        before = {uri: len(_versions_or_none(services, uri)) for uri in uris}
        services.workflow.advance(args.id, "direct_publication", user, data,
                                  publish_options=options)
        # One line per version the publication created: an article with its own entry into
        # force (a transitorio's exception) gives a second version of the same regulation.
        for uri in uris:
            for version in services.corpus.versions(uri)[before[uri]:]:
                print(f"{uri}\tvigente desde {version.valid_from:%d/%m/%Y}")
    return 0


