"""CLI ``reglamentos respaldo RUTA``: back up the local database with SQLite's backup API.

The copy is consistent even while the program is open and writing (``maintenance.
backup_database``: never a file copy), checked with ``PRAGMA integrity_check`` and written
atomically. A shared PostgreSQL database is backed up by its administrator with ``pg_dump``.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..services import maintenance


def add_parsers(sub, common) -> None:
    p = sub.add_parser("respaldo", parents=[common],
                       help="respaldar la base de datos local (API de respaldo de SQLite)")
    p.add_argument("ruta", metavar="RUTA", type=Path, help="archivo del respaldo (.sqlite3)")
    p.set_defaults(func=cmd_backup)


def cmd_backup(args) -> int:
    url = args.db or Settings.load().effective_db_url
    dest = maintenance.backup_database(url, args.ruta)
    size = dest.stat().st_size / 1_048_576
    print(f"Respaldo escrito en «{dest}» ({size:.1f} MB); verificación de integridad: correcta.")
    return 0
