"""``reglamentos exportar …`` and ``reglamentos verify-package``: documents for the user.

``exportar vigente`` (alias ``consolidado``) writes the texto vigente of a regulation on a date
as .docx, .pdf, .html, .txt or Akoma Ntoso; ``cuadro``, ``decreto`` and ``iniciativa`` write a
reform project's documents (``decreto --formato akn``: the AKN amending act, which ``aplicado``
applies to the version in force, storing nothing); ``paquete`` writes the publication package (folder or .zip) and
``verify-package`` checks one (exit 4 when a file was altered, naming it); ``redline`` is the
Word redline of ``redline exportar``. ``export`` is an alias of ``exportar``, as the issue's
wording has it. Every file is written atomically.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.errors import ValidationError, os_error_message
from ..domain.gazette import GazetteReference
from ..domain.provisions import NoteStyle
from ..services.exports import ExportFormat, parse_note_style
from . import redline_cmd
from .commands import _parse_date, _services
from .progress import TextProgress

EXIT_TAMPERED = 4
NOTE_HELP = ("estilo de las notas de reforma: preambulo («Fue reformado…», el de Mexicali), "
             "parentesis, editor u original (como están en el texto; por omisión)")


def _project_id(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError(f"«{text}» no es un número de proyecto.")
    return int(text)


def _output(args, default_name: str, fmt: ExportFormat) -> Path:
    if args.salida:
        return Path(args.salida)
    return Path(default_name + fmt.suffix)


def _written(path: Path) -> int:
    print(f"Se escribió {path} ({path.stat().st_size:,} bytes).", file=sys.stderr)
    return 0


def cmd_vigente(args) -> int:
    when = _parse_date(args.fecha)
    style = parse_note_style(args.notas)
    fmt = ExportFormat.of(args.formato) if args.formato else (
        ExportFormat.from_path(Path(args.salida)) if args.salida else ExportFormat.DOCX)
    with _services(args) as services:
        regulation = services.corpus.get_regulation(args.uri)
        name = regulation.uri.slug + (f"-{when.isoformat()}" if when else "")
        path = _output(args, name, fmt)
        services.exports.export_consolidated(args.uri, path, fmt, when=when, note_style=style,
                                             pdf_engine=args.motor_pdf)
    return _written(path)


def _project_document(args, kind: str) -> int:
    project_id = _project_id(args.proyecto)
    fmt = ExportFormat.of(args.formato) if args.formato else (
        ExportFormat.from_path(Path(args.salida)) if args.salida else ExportFormat.DOCX)
    with _services(args) as services:
        exports = services.exports
        engine = args.motor_pdf
        if kind == "cuadro":
            data = exports.cuadro(project_id, fmt, observations=args.observaciones,
                                  pdf_engine=engine)
        elif kind == "decreto":
            data = exports.decree(project_id, fmt.value, when=_parse_date(args.fecha),
                                  pdf_engine=engine)
        else:
            data = exports.initiative(project_id, fmt.value, when=_parse_date(args.fecha),
                                      pdf_engine=engine)
        path = _output(args, f"{kind}-proyecto-{project_id}", fmt)
        exports.save(path, data)
    return _written(path)


def cmd_aplicado(args) -> int:
    source = Path(args.acuerdo)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ValidationError(os_error_message(exc, action="leer")) from exc
    style = parse_note_style(args.notas) if args.notas else NoteStyle.PREAMBLE
    gazette = None
    if args.po_fecha:
        gazette = GazetteReference(number=args.po_numero or "", section=args.po_seccion or "",
                                   tome=args.po_tomo or "", date=_parse_date(args.po_fecha))
    fmt = ExportFormat.of(args.formato) if args.formato else (
        ExportFormat.from_path(Path(args.salida)) if args.salida else ExportFormat.AKN)
    with _services(args) as services:
        uri, out = services.exports.applied_decree(data, fmt, uri=args.reglamento,
                                                   gazette=gazette, note_style=style,
                                                   name=source.name)
        regulation = services.corpus.get_regulation(uri)
        path = _output(args, f"{regulation.uri.slug}-con-acuerdo", fmt)
        services.exports.save(path, out)
    return _written(path)


def cmd_cuadro(args) -> int:
    return _project_document(args, "cuadro")


def cmd_decreto(args) -> int:
    return _project_document(args, "decreto")


def cmd_iniciativa(args) -> int:
    return _project_document(args, "iniciativa")


def cmd_paquete(args) -> int:
    style = parse_note_style(args.notas)
    dest = Path(args.salida)
    as_zip = True if args.zip else None
    if args.zip and dest.suffix.lower() != ".zip":
        dest = dest.with_name(dest.name + ".zip")
    with _services(args) as services:
        bar = None if args.quiet else TextProgress(sys.stderr)
        result = services.exports.package(args.origen, dest, as_zip=as_zip, note_style=style,
                                          progress=bar)
        if bar:
            bar.close()
    print(f"Paquete de publicación en {result.path}:")
    for name in result.files:
        print(f"  {name}")
    link = (result.approval or {}).get("registro_aprobacion")
    if link:
        print(f"Aprobación en Cabildo: registro {link['registro']} del trámite del proyecto "
              f"{result.approval['proyecto']}.")
    elif result.approval:
        print("Aviso: el proyecto no tiene registro de aprobación en Cabildo en el trámite.",
              file=sys.stderr)
    return 0


def cmd_verify_package(args) -> int:
    path = Path(args.ruta)
    with _services(args) as services:
        problems = services.exports.verify_package(path)
        if args.registro and not problems:
            problems = services.exports.verify_approval(path)
    if problems:
        for problem in problems:
            print(f"ALTERADO\t{problem.name}\t{problem.message}")
        print(f"El paquete «{path}» NO coincide con lo publicado: {len(problems)} problema(s).",
              file=sys.stderr)
        return EXIT_TAMPERED
    print(f"El paquete «{path}» está íntegro: cada archivo coincide con su manifiesto.")
    return 0


def _engine_option(parser) -> None:
    parser.add_argument("--motor-pdf", choices=["qt", "libreoffice"], default="qt",
                        help="qt (por omisión, no necesita nada instalado) o libreoffice (el "
                             "formato exacto de Word, si LibreOffice está instalado)")


def add_parsers(sub, common) -> None:
    """Register ``exportar`` (alias ``export``) and ``verify-package``."""
    parser = sub.add_parser("exportar", aliases=["export"], parents=[common],
                            help="exportar documentos: texto vigente, cuadro comparativo, "
                                 "acuerdo, iniciativa, paquete de publicación")
    inner = parser.add_subparsers(dest="export_command", metavar="DOCUMENTO",
                                  parser_class=type(parser))
    inner.required = True

    p = inner.add_parser("vigente", aliases=["consolidado"], parents=[common],
                         help="texto vigente de un reglamento en una fecha")
    p.add_argument("uri", metavar="URI")
    p.add_argument("--fecha", metavar="AAAA-MM-DD", help="texto vigente en esa fecha")
    p.add_argument("--formato", choices=["docx", "pdf", "html", "txt", "akn"],
                   help="por omisión, el de la extensión del archivo (o docx)")
    p.add_argument("--salida", "-o", metavar="ARCHIVO", help="archivo a escribir")
    p.add_argument("--notas", metavar="ESTILO", help=NOTE_HELP)
    _engine_option(p)
    p.set_defaults(func=cmd_vigente)

    p = inner.add_parser("cuadro", parents=[common], help="cuadro comparativo de un proyecto")
    p.add_argument("proyecto", metavar="PROYECTO", help="número del proyecto")
    p.add_argument("--formato", choices=["docx", "pdf", "html"])
    p.add_argument("--salida", "-o", metavar="ARCHIVO")
    p.add_argument("--observaciones", action="store_true",
                   help="agregar la columna OBSERVACIONES con las del trámite")
    _engine_option(p)
    p.set_defaults(func=cmd_cuadro)

    for name, aliases, help_text, func in (
            ("decreto", ["acuerdo"], "proyecto de acuerdo (decreto) con portada", cmd_decreto),
            ("iniciativa", [], "iniciativa: exposición de motivos, cuadro y acuerdo",
             cmd_iniciativa)):
        p = inner.add_parser(name, aliases=aliases, parents=[common], help=help_text)
        p.add_argument("proyecto", metavar="PROYECTO", help="número del proyecto")
        p.add_argument("--fecha", metavar="AAAA-MM-DD", help="fecha del documento (hoy)")
        p.add_argument("--formato", choices=["docx", "pdf", "html"] + (
            ["akn"] if name == "decreto" else []),
            help="akn: el acuerdo como acto modificatorio Akoma Ntoso" if name == "decreto"
            else None)
        p.add_argument("--salida", "-o", metavar="ARCHIVO")
        _engine_option(p)
        p.set_defaults(func=func)

    p = inner.add_parser("aplicado", parents=[common],
                         help="texto vigente que resulta de aplicar un acuerdo Akoma Ntoso "
                              "(de «exportar decreto --formato akn») a la versión vigente; no "
                              "guarda nada")
    p.add_argument("acuerdo", metavar="ACUERDO.xml")
    p.add_argument("--reglamento", metavar="URI", help="si el acuerdo reforma varios")
    p.add_argument("--po-fecha", metavar="AAAA-MM-DD", help="fecha de publicación supuesta")
    p.add_argument("--po-numero", metavar="N")
    p.add_argument("--po-seccion", metavar="S")
    p.add_argument("--po-tomo", metavar="T")
    p.add_argument("--notas", metavar="ESTILO", help=NOTE_HELP.replace(
        "u original (como están en el texto; por omisión)", "u original (sin notas nuevas); "
        "por omisión, preambulo"))
    p.add_argument("--formato", choices=["akn", "txt", "docx", "pdf", "html"],
                   help="por omisión, el de la extensión del archivo (o akn)")
    p.add_argument("--salida", "-o", metavar="ARCHIVO")
    p.set_defaults(func=cmd_aplicado)

    # The Word redline is written by ``redline exportar``; listed here too, so that every
    # document the issue names is under ``export``.
    p = inner.add_parser("redline", parents=[common],
                         help="redline para Word con control de cambios (= redline exportar)")
    p.add_argument("id", type=int, metavar="PROYECTO")
    p.add_argument("--salida", "-o", required=True, metavar="ARCHIVO.docx")
    p.add_argument("--autor", help="autor de las revisiones (por omisión, el área promovente)")
    p.set_defaults(func=redline_cmd.cmd_export)

    p = inner.add_parser("paquete", parents=[common], help="paquete de publicación con manifiesto")
    p.add_argument("origen", metavar="URI|PROYECTO",
                   help="URI del reglamento (texto vigente) o número de un proyecto publicado")
    p.add_argument("--salida", "-o", metavar="RUTA", required=True,
                   help="carpeta nueva, o archivo .zip")
    p.add_argument("--zip", action="store_true", help="un solo archivo .zip")
    p.add_argument("--notas", metavar="ESTILO", help=NOTE_HELP)
    p.add_argument("--quiet", "-q", action="store_true", help="sin barra de progreso")
    p.set_defaults(func=cmd_paquete)

    p = sub.add_parser("verify-package", parents=[common],
                       help="comprobar un paquete de publicación (sale con 4 si fue alterado)")
    p.add_argument("ruta", metavar="RUTA", help="carpeta o .zip del paquete")
    p.add_argument("--registro", action="store_true",
                   help="comprobar también el registro del trámite en la base de datos")
    p.set_defaults(func=cmd_verify_package)
