"""Entry point of the ``reglamentos`` command: argument parsing and error handling.

Every command takes ``--db URL``, before or after the command name (default: ``REGLAMENTOS_DB``,
then the user's settings), so that scripts and tests can use a throw-away database. Expected errors print their Spanish message on stderr and exit
with status 1; usage errors exit with 2; an import with some failed files exits with 3.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence

from ..domain.errors import Cancelled, ReglamentosError, os_error_message
from . import commands, project_cmd, review_cmd, search_cmd, workflow_cmd
from . import export_cmd
from . import redline_cmd
from . import admin_cmd, offline_cmd
from . import backup_cmd

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


class _SpanishParser(argparse.ArgumentParser):
    """argparse with its fixed English phrases in Spanish."""

    def error(self, message: str) -> None:  # noqa: D102 - argparse API
        message = (message.replace("the following arguments are required", "faltan los argumentos")
                   .replace("unrecognized arguments", "argumentos no reconocidos")
                   .replace("invalid choice", "opción no válida")
                   )
        message = re.sub(r"\bargument\b", "argumento", message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class _SelfTest(argparse.Action):
    """``reglamentos --self-test``, as the user guide tells users of the desktop program to run.

    The self-test opens the main window, which lives above the CLI layer; it runs as its own
    process (``python -m reglamentos_app --self-test``) so the CLI never imports the GUI.
    """

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        import subprocess

        parser.exit(subprocess.call([sys.executable, "-m", "reglamentos_app", "--self-test"]))


_DB_HELP = ("base de datos (sqlite:///archivo o postgresql://usuario@servidor/base), antes o "
            "después del comando; por omisión, REGLAMENTOS_DB o la de los ajustes del usuario")


def _db_option(*, default) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="URL", default=default, help=_DB_HELP)
    return parent


def build_parser() -> argparse.ArgumentParser:
    # One --db wherever it is written. argparse copies a sub-command's defaults over the namespace
    # the main parser filled, so a sub-command default of None used to erase `reglamentos --db URL
    # list`'s URL and the command silently ran against the user's own database. Sub-commands
    # therefore *suppress* their default: they set `db` only when the option follows them.
    common = _db_option(default=argparse.SUPPRESS)
    parser = _SpanishParser(prog="reglamentos", description="Reglamentos municipales de Mexicali: "
                            "importar, consultar y exportar el corpus.",
                            parents=[_db_option(default=None)])
    parser.add_argument("--self-test", action=_SelfTest,
                        help="autoprueba del programa (la misma que reglamentos-gui --self-test)")
    sub = parser.add_subparsers(dest="command", metavar="COMANDO", parser_class=_SpanishParser)
    sub.required = True

    p = sub.add_parser("import", parents=[common], help="importar archivos o carpetas")
    p.add_argument("paths", nargs="+", metavar="RUTA", help="archivos (.txt, .docx, .doc, .odt, .rtf, .pdf, .xml Akoma Ntoso), carpetas, o «-» para leer el texto de la entrada estándar")
    p.add_argument("--quiet", "-q", action="store_true", help="sin barra de progreso")
    p.add_argument("--encoding", choices=["utf-8", "utf-16", "cp1252", "cp850"],
                   help="codificación de los archivos .txt cuando es ambigua")
    p.add_argument("--json", action="store_true",
                   help="resultado por archivo en JSON (para programas)")
    p.set_defaults(func=commands.cmd_import)

    p = sub.add_parser("list", parents=[common], help="listar los reglamentos del corpus")
    p.add_argument("--json", action="store_true", help="salida en JSON")
    p.set_defaults(func=commands.cmd_list)

    p = sub.add_parser("show", parents=[common], help="mostrar la estructura de un reglamento")
    p.add_argument("uri", metavar="URI")
    p.add_argument("--date", metavar="AAAA-MM-DD", help="texto vigente en esa fecha")
    p.add_argument("--json", action="store_true", help="árbol de disposiciones en JSON")
    p.set_defaults(func=commands.cmd_show)

    p = sub.add_parser("export-text", parents=[common], help="texto canónico a la salida estándar")
    p.add_argument("uri", metavar="URI")
    p.add_argument("--date", metavar="AAAA-MM-DD", help="texto vigente en esa fecha")
    p.set_defaults(func=commands.cmd_export_text)

    p = sub.add_parser("export-akn", parents=[common], help="exportar a Akoma Ntoso 3.0 (XML)")
    p.add_argument("uri", metavar="URI")
    p.add_argument("--date", metavar="AAAA-MM-DD", help="texto vigente en esa fecha")
    p.add_argument("--salida", "-o", metavar="ARCHIVO",
                   help="archivo a escribir (por omisión, la salida estándar)")
    p.set_defaults(func=commands.cmd_export_akn)

    p = sub.add_parser("report", parents=[common], help="reporte de importación de un reglamento")
    p.add_argument("uri", metavar="URI")
    p.set_defaults(func=commands.cmd_report)

    p = sub.add_parser("search", parents=[common], help="buscar en el texto de los reglamentos")
    p.add_argument("query", metavar="BÚSQUEDA", help='palabras, "frases", y/o/no, prefijo*, '
                   "parecidas~, reglamento:…, tipo:…, estado:…, art:…, o una cita "
                   "(«artículo 15 del reglamento de panteones»)")
    p.add_argument("--fecha", metavar="AAAA-MM-DD", help="textos vigentes en esa fecha")
    p.add_argument("--json", action="store_true", help="salida en JSON")
    p.add_argument("--pagina", type=int, default=1, metavar="N", help="página de resultados")
    p.add_argument("--por-pagina", type=int, default=20, metavar="N",
                   help="resultados por página (20)")
    p.add_argument("--proyectos", action="store_true",
                   help="buscar también en los borradores de los proyectos de reforma abiertos")
    p.add_argument("--equivalencia", action="append", default=[], metavar="ID",
                   help="aplicar también una equivalencia opcional (p. ej. «uma»: salario "
                        "mínimo ↔ UMA); se puede repetir")
    p.set_defaults(func=search_cmd.cmd_search)

    p = sub.add_parser("reindex", parents=[common],
                       help="reconstruir el índice de búsqueda desde la base de datos")
    p.add_argument("--quiet", "-q", action="store_true", help="sin barra de progreso")
    p.add_argument("--encoding", choices=["utf-8", "utf-16", "cp1252", "cp850"],
                   help="codificación de los archivos .txt cuando es ambigua")
    p.add_argument("--procesos", type=int, metavar="N",
                   help="procesos para indexar (por omisión, 2 en corpus grandes)")
    p.set_defaults(func=search_cmd.cmd_reindex)

    project_cmd.add_parsers(sub, common)
    workflow_cmd.add_parsers(sub, common)
    review_cmd.add_parsers(sub, common)
    export_cmd.add_parsers(sub, common)
    redline_cmd.add_parsers(sub, common)

    offline_cmd.add_parsers(sub, common)
    admin_cmd.add_parsers(sub, common)
    backup_cmd.add_parsers(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Cancelled:
        print("Operación cancelada.", file=sys.stderr)
        return EXIT_ERROR
    except ReglamentosError as exc:
        where = f" (detalles técnicos en «{log}»)" if exc.detail and (
            log := _write_log(exc.detail, argv)) else ""
        print(f"Error: {exc.user_message}{where}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("\nInterrumpido.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) closed the pipe: not an error. Silence the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        print(f"Error: {os_error_message(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - no traceback ever reaches the user
        return _unexpected(exc, argv)


def _write_log(details: str, argv: Sequence[str] | None):
    """Write technical details to a new file in the user's data folder; its path, or None."""
    from datetime import datetime

    from ..config import data_dir

    try:
        folder = data_dir() / "registros"
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"error-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.txt"
        command = " ".join(argv if argv is not None else sys.argv[1:])
        log.write_text(f"reglamentos {command}\n\n{details}\n", encoding="utf-8")
        return log
    except OSError:
        return None


def _unexpected(exc: Exception, argv: Sequence[str] | None) -> int:
    """An error nobody foresaw: the user reads one Spanish line and where the details went."""
    import traceback

    details = "".join(traceback.format_exception(exc))
    log = _write_log(details, argv)
    where = (f"Los detalles técnicos quedaron en «{log}»; envíelos a soporte." if log
             else "No se pudieron guardar los detalles técnicos:\n" + details)
    print(f"Error inesperado ({type(exc).__name__}): la operación no se completó. {where}",
          file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
