"""CLI for the Word redline: ``redline exportar`` writes the project's redline .docx with real
tracked changes; ``redline importar`` reads the file the síndico returns and saves the accepted
text as a new draft revision plus the comments as observations, printing what was accepted,
rejected and left pending per provision (``--json`` for scripts). ``--usuario N`` names the
profile acting (from ``workflow users``); without it, a local drafter profile.
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from ..domain.workflow import UserProfile
from .commands import _services


def add_parsers(sub, common) -> None:
    rl = sub.add_parser("redline", parents=[common],
                        help="redline para Word con control de cambios (exportar e importar)")
    rsub = rl.add_subparsers(dest="redline_command", metavar="ACCIÓN", parser_class=type(rl))
    rsub.required = True

    p = rsub.add_parser("exportar", parents=[common],
                        help="escribir el redline .docx del proyecto (revisiones de Word)")
    p.add_argument("id", type=int, metavar="PROYECTO")
    p.add_argument("-o", "--salida", required=True, metavar="ARCHIVO.docx")
    p.add_argument("--autor", help="autor de las revisiones (por omisión, el área promovente)")
    p.set_defaults(func=cmd_export)

    p = rsub.add_parser("importar", parents=[common],
                        help="importar el redline revisado: nueva revisión y observaciones")
    p.add_argument("id", type=int, metavar="PROYECTO")
    p.add_argument("archivo", metavar="ARCHIVO.docx")
    p.add_argument("--usuario", type=int, help="perfil que importa (ver «workflow users»)")
    p.add_argument("--json", action="store_true", help="resumen en JSON")
    p.set_defaults(func=cmd_import)


def cmd_export(args) -> int:
    with _services(args) as services:
        info = services.redline.export(args.id, Path(args.salida), author=args.autor)
    print(f"{info.path}: {info.revisions} revisiones en {info.provisions_changed} disposiciones.")
    return 0


def _user(services, user_id: int | None) -> UserProfile:
    if user_id is not None:
        return services.workflow.user(user_id)
    return UserProfile(getpass.getuser() or "usuario local", "", "redactor")


def cmd_import(args) -> int:
    with _services(args) as services:
        result = services.redline.import_file(args.id, Path(args.archivo),
                                              _user(services, args.usuario))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    totals = result.totals()
    print(f"Redline «{result.file_name}»: {totals['aceptados']} cambios aceptados, "
          f"{totals['rechazados']} rechazados, {totals['pendientes']} pendientes.")
    for item in result.provisions:
        counts = f"{item.accepted} aceptados, {item.rejected} rechazados, {item.pending} pendientes"
        print(f"  {item.label} ({item.row_kind}): {item.result} — {counts}")
    if result.draft_saved:
        revisions = ", ".join(f"{uri} → revisión {n}" for uri, n in result.new_revisions.items())
        print(f"Borrador guardado: {revisions}.")
    elif not result.notice:
        print("El texto del borrador no cambió.")
    if result.notice:
        print(result.notice)
    if totals["pendientes"]:
        print("Los cambios pendientes conservan la propuesta del proyecto.")
    print(f"Observaciones registradas: {len(result.observations)}"
          + (f" ({result.skipped_observations} ya registradas antes)"
             if result.skipped_observations else "") + ".")
    for obs in result.observations:
        print(f"  {obs.label} — {obs.author}: {obs.text}")
    for text in result.unmatched_paragraphs:
        print(f"  Párrafo no importado (no corresponde a ninguna disposición): {text}")
    return 0
