"""CLI for homologation: ``reglamentos revision modelos|homologar|corregir|nombrar``.

``modelos`` lists the models and imports one (a text file, the sample model acuerdo de
creación, or a corpus regulation); ``homologar`` prints the matrix of a model against the
acuerdos de creación (or the regulations given), with filters, counts per instrument and per
principle, ``--json``/``--csv``, ``--excel`` and ``--word`` files, and with ``--proyecto``
drafts ONE omnibus reform project from the cells that pass the filters; ``corregir`` stores
which articles regulate a principle in an instrument (or that none does); ``nombrar`` the
wording a placeholder takes in an instrument. Without ``--modelo`` the newest model is used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..domain.errors import NotFoundError, ValidationError
from .commands import _services

STATUSES = ("igual", "distinta", "falta")


def add_homologation_parsers(rsub, common) -> None:
    p = rsub.add_parser("modelos", parents=[common],
                        help="modelos de homologación: listar o importar uno")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--importar", metavar="ARCHIVO", help="importar un modelo (texto)")
    group.add_argument("--muestra", action="store_true",
                       help="agregar el modelo de acuerdo de creación de muestra")
    group.add_argument("--desde-corpus", metavar="URI",
                       help="usar un reglamento del corpus como modelo")
    group.add_argument("--borrar", type=int, metavar="ID", help="borrar un modelo")
    p.add_argument("--nombre", default="", help="nombre del modelo")
    p.add_argument("--json", action="store_true", help="salida en JSON")
    p.set_defaults(func=cmd_models)

    p = rsub.add_parser("homologar", parents=[common],
                        help="matriz de un modelo contra los acuerdos de creación "
                             "(igual / distinta / falta) y proyecto de homologación")
    _cell_filters(p)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="salida en JSON")
    out.add_argument("--csv", action="store_true", help="salida en CSV («;», para Excel)")
    p.add_argument("--excel", metavar="ARCHIVO.xlsx", help="escribir la matriz en Excel")
    p.add_argument("--word", metavar="ARCHIVO.docx", help="escribir el reporte en Word")
    p.add_argument("--diferencias", action="store_true",
                   help="mostrar las diferencias palabra por palabra")
    p.add_argument("--proyecto", action="store_true",
                   help="crear un proyecto de reforma ómnibus con las celdas filtradas")
    p.add_argument("--titulo", default="", help="título del proyecto")
    p.set_defaults(func=cmd_homologate)

    p = rsub.add_parser("corregir", parents=[common],
                        help="corregir qué artículos de un instrumento regulan un principio")
    p.add_argument("--modelo", type=int, metavar="ID")
    p.add_argument("-r", "--reglamento", required=True, metavar="URI")
    p.add_argument("--principio", required=True, metavar="N",
                   help="número del artículo del modelo")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--articulo", action="append", metavar="N",
                      help="artículo del instrumento que lo regula (se puede repetir)")
    what.add_argument("--falta", action="store_true", help="el instrumento no lo regula")
    what.add_argument("--olvidar", action="store_true",
                      help="quitar la corrección (vuelve a decidir el programa)")
    p.set_defaults(func=cmd_correct)

    p = rsub.add_parser("nombrar", parents=[common],
                        help="cómo llama un instrumento a un marcador del modelo")
    p.add_argument("--modelo", type=int, metavar="ID")
    p.add_argument("-r", "--reglamento", required=True, metavar="URI")
    p.add_argument("--marcador", required=True, metavar="TEXTO", help="p. ej. «[la entidad]»")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--valor", metavar="TEXTO", help="p. ej. «el Patronato»")
    group.add_argument("--olvidar", action="store_true")
    p.set_defaults(func=cmd_name)


def _cell_filters(p) -> None:
    p.add_argument("--modelo", type=int, metavar="ID", help="el modelo (por omisión, el último)")
    p.add_argument("-r", "--reglamento", action="append", default=[], metavar="URI",
                   help="instrumentos (por omisión, los acuerdos de creación vigentes)")
    p.add_argument("--estado", action="append", default=[], choices=STATUSES,
                   help="solo celdas en este estado (se puede repetir)")
    p.add_argument("--principio", action="append", default=[], metavar="N",
                   help="solo estos principios (número de artículo del modelo)")


def _model_id(services, given: int | None) -> int:
    if given is not None:
        return given
    models = services.homologation.models()
    if not models:
        raise NotFoundError("No hay modelos de homologación: importe uno con "
                            "«reglamentos revision modelos --muestra» o «--importar ARCHIVO».")
    return models[-1].id


def cmd_models(args) -> int:
    with _services(args) as services:
        h = services.homologation
        if args.importar:
            info = h.import_model(Path(args.importar), args.nombre)
        elif args.muestra:
            info = h.add_sample_model()
        elif args.desde_corpus:
            info = h.model_from_regulation(args.desde_corpus, args.nombre)
        elif args.borrar is not None:
            h.delete_model(args.borrar)
            print(f"Modelo {args.borrar} borrado.")
            return 0
        else:
            models = h.models()
            if args.json:
                print(json.dumps([{"id": m.id, "nombre": m.name, "origen": m.source,
                                   "principios": m.principles} for m in models],
                                 ensure_ascii=False, indent=2))
                return 0
            for m in models:
                print(f"{m.id}\t{m.name} ({m.principles} principios; {m.source})")
            if not models:
                print("No hay modelos. Agregue el de muestra con "
                      "«reglamentos revision modelos --muestra».")
            return 0
    print(f"Modelo {info.id}: «{info.name}», {info.principles} principios.")
    return 0


def _principle_keys(matrix, numbers: list[str]) -> list[str] | None:
    if not numbers:
        return None
    keys = []
    for number in numbers:
        key = next((p.key for p in matrix.model.provisions if p.num == number), None)
        if key is None:
            raise NotFoundError(f"El modelo no tiene el artículo {number}.")
        keys.append(key)
    return keys


def cmd_homologate(args) -> int:
    from ..services import ReviewService
    from ..services.homologation import CellStatus, matrix_rows

    with _services(args) as services:
        h = services.homologation
        model_id = _model_id(services, args.modelo)
        matrix = h.matrix(model_id, args.reglamento or None)
        statuses = [CellStatus(s) for s in args.estado] or None
        cells = matrix.filtered(statuses, keys=_principle_keys(matrix, args.principio))
        if args.excel:
            h.export_xlsx(matrix, Path(args.excel))
            print(f"Matriz escrita en {args.excel}.", file=sys.stderr)
        if args.word:
            h.export_docx(matrix, Path(args.word))
            print(f"Reporte escrito en {args.word}.", file=sys.stderr)
        if args.proyecto:
            usable = [c for c in cells if c.status is not CellStatus.EQUAL]
            if not usable:
                raise ValidationError("Ninguna celda filtrada falta o es distinta: no hay nada "
                                      "que homologar.")
            drafted = h.create_project(model_id, [c.key for c in usable], args.titulo,
                                       matrix=matrix)
            print(drafted.project.id)
            print(drafted.summary, file=sys.stderr)
            return 0
    rows = matrix_rows(matrix, cells)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.csv:
        sys.stdout.write(ReviewService.csv_bytes(rows).decode("utf-8"))
    else:
        _print_matrix(matrix, cells, args.diferencias)
    return 0


def _print_matrix(matrix, cells, diffs: bool) -> None:
    from ..services.homologation import inline_cell_diff

    print(f"Modelo: {matrix.model.name}")
    for column in matrix.instruments:
        counts = matrix.counts_by_instrument()[column.uri]
        names = ", ".join(f"{c.token} = {c.value}" for c in column.names.values())
        print(f"\n{column.title}\n  {column.uri}\n  "
              + ", ".join(f"{n} {s.value}" for s, n in counts.items())
              + (f"\n  Nombres: {names}" if names else ""))
        for cell in (c for c in cells if c.uri == column.uri):
            provision = matrix.provision(cell.model_key)
            where = f" → {cell.where}" if cell.where else ""
            mark = " (corregido)" if cell.corrected else ""
            print(f"    [{cell.status.value:8}] {provision.label}{where}{mark}")
            if diffs and cell.status.value == "distinta":
                print(f"        {inline_cell_diff(cell)}")
    print("\nPor principio:")
    for key, counts in matrix.counts_by_principle().items():
        print(f"  {matrix.provision(key).label}: "
              + ", ".join(f"{n} {s.value}" for s, n in counts.items()))


def cmd_correct(args) -> int:
    with _services(args) as services:
        h = services.homologation
        model_id = _model_id(services, args.modelo)
        model = h.model(model_id)
        key = next((p.key for p in model.provisions if p.num == args.principio), None)
        if key is None:
            raise NotFoundError(f"El modelo no tiene el artículo {args.principio}.")
        if args.olvidar:
            h.forget_correction(model_id, args.reglamento, key)
            print("Corrección quitada: el programa vuelve a decidir.")
        elif args.falta:
            h.correct(model_id, args.reglamento, key, [])
            print("Corregido: el instrumento no regula ese principio.")
        else:
            h.correct_by_number(model_id, args.reglamento, key, args.articulo)
            print("Corregido: " + ", ".join(f"artículo {n}" for n in args.articulo) + ".")
    return 0


def cmd_name(args) -> int:
    with _services(args) as services:
        model_id = _model_id(services, args.modelo)
        services.homologation.set_name(model_id, args.reglamento, args.marcador,
                                       None if args.olvidar else args.valor)
    print("Nombre guardado." if not args.olvidar else "El programa vuelve a detectarlo.")
    return 0
