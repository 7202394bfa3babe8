"""CLI for offline drafting and packages: ``offline checkout|checkin|conflicts|resolve|export|import``.

``checkout ID ARCHIVO`` copies a project of the database given by ``--db`` to a new SQLite file
(work on it with ``--db sqlite:///ARCHIVO``); ``checkin ARCHIVO`` merges it back provision by
provision and exits with status 5 when some provisions conflict: ``conflicts ID`` shows both
texts and ``resolve ID CONFLICTO mio|guardado`` keeps one. ``export``/``import`` write and read
a ``.reforma`` package (verified with SHA-256 on import).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..services import offline
from ..services.merge import STRUCTURE
from .commands import _services

EXIT_CONFLICTS = 5
KEEP = {"mio": "mine", "guardado": "theirs"}


def add_parsers(sub, common) -> None:
    parser = sub.add_parser("offline", parents=[common],
                            help="trabajar sin conexión y paquetes .reforma")
    osub = parser.add_subparsers(dest="offline_command", metavar="ACCIÓN",
                                 parser_class=type(parser))
    osub.required = True
    p = osub.add_parser("checkout", parents=[common],
                        help="copiar un proyecto a un archivo local para trabajar sin conexión")
    p.add_argument("id", type=int)
    p.add_argument("archivo", metavar="ARCHIVO", help="archivo SQLite nuevo (p. ej. copia.db)")
    p.set_defaults(func=cmd_checkout)
    p = osub.add_parser("checkin", parents=[common],
                        help="integrar la copia local en la base de datos (--db)")
    p.add_argument("archivo", metavar="ARCHIVO")
    p.set_defaults(func=cmd_checkin)
    p = osub.add_parser("conflicts", parents=[common],
                        help="revisiones en conflicto de un proyecto, con ambos textos")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_conflicts)
    p = osub.add_parser("resolve", parents=[common], help="resolver un conflicto")
    p.add_argument("id", type=int)
    p.add_argument("conflicto", type=int, metavar="CONFLICTO")
    p.add_argument("conservar", choices=sorted(KEEP),
                   help="«mio»: el texto que perdió; «guardado»: el que quedó en el borrador")
    p.set_defaults(func=cmd_resolve)
    p = osub.add_parser("export", parents=[common], help="escribir un paquete .reforma")
    p.add_argument("id", type=int)
    p.add_argument("archivo", metavar="ARCHIVO.reforma")
    p.set_defaults(func=cmd_export)
    p = osub.add_parser("import", parents=[common],
                        help="verificar e importar un paquete .reforma")
    p.add_argument("archivo", metavar="ARCHIVO.reforma")
    p.set_defaults(func=cmd_import)


def _local(path: str):
    from ..services import open_services

    if not Path(path).is_file():
        from ..domain.errors import ValidationError

        raise ValidationError(f"No existe la copia «{path}».")
    return open_services(f"sqlite:///{Path(path)}")


def cmd_checkout(args) -> int:
    with _services(args) as services:
        local_id = offline.checkout(services, args.id, Path(args.archivo))
    print(f"Proyecto {args.id} copiado a «{args.archivo}» (número {local_id} en la copia).")
    print(f"Trabaje con: reglamentos --db sqlite:///{args.archivo} project …")
    return 0


def cmd_checkin(args) -> int:
    with _local(args.archivo) as local, _services(args) as shared:
        report = offline.checkin(local, shared)
    for note in report.notes:
        print(note)
    count = sum(len(c) for c in report.conflicts.values())
    print(f"Borradores integrados: {len(report.saved)}; disposiciones en conflicto: {count}.")
    for uri, conflicts in report.conflicts.items():
        for conflict in conflicts:
            print(f"  {uri}\t{conflict.label}")
    if count:
        print(f"Revise con «reglamentos offline conflicts {report.project_id}» y resuelva con "
              "«reglamentos offline resolve».")
        return EXIT_CONFLICTS
    return 0


def cmd_conflicts(args) -> int:
    with _services(args) as services:
        revisions = services.sync.conflicts(args.id)
    if args.json:
        print(json.dumps([{"id": r.id, "uri": r.regulation_uri, "pid": r.pid,
                           "mio": r.mine, "guardado": r.theirs, "autor": r.author}
                          for r in revisions], ensure_ascii=False, indent=1))
        return 0
    if not revisions:
        print("No hay conflictos pendientes.")
    for r in revisions:
        if r.pid == STRUCTURE:
            print(f"[{r.id}] Estructura del borrador ({r.author})")
            continue
        label = f"{(r.theirs or r.mine or {}).get('num', '')}".strip()
        print(f"[{r.id}] {r.regulation_uri} disposición {label} ({r.author})")
        print(f"    mío:      {(r.mine or {}).get('text', '(no existe)')}")
        print(f"    guardado: {(r.theirs or {}).get('text', '(no existe)')}")
    return 0


def cmd_resolve(args) -> int:
    with _services(args) as services:
        offline.resolve(services, args.id, args.conflicto, KEEP[args.conservar])
    print("Conflicto resuelto.")
    return 0


def cmd_export(args) -> int:
    with _services(args) as services:
        path = offline.export_package(services, args.id, Path(args.archivo))
    print(path)
    return 0


def cmd_import(args) -> int:
    with _services(args) as services:
        project_id = offline.import_package(services, Path(args.archivo))
    print(project_id)
    return 0
