"""The ``search`` and ``reindex`` commands: full-text search of the corpus from the terminal.

``reglamentos search "…" [--fecha AAAA-MM-DD] [--json] [--pagina N] [--proyectos]`` prints the
hits grouped by regulation, each with its breadcrumb, status and a snippet whose matched words
are in [corchetes]; with a citation ("artículo 15 del reglamento de panteones") the cited
article comes first. ``--proyectos`` also searches the drafts of open reform projects (marked as drafts).
``--json`` prints a stable document for other tools. ``reglamentos reindex`` rebuilds the
index from the database with a progress bar. A missing or damaged index is rebuilt on its own.
"""

from __future__ import annotations

import json
import sys

from ..domain import plural
from ..services import SearchHit, SearchResults
from .commands import _parse_date, _services
from .progress import TextProgress


def cmd_search(args) -> int:
    with _services(args) as services:
        bar = None if args.json else _LazyProgress()
        results = services.search.search(args.query, _parse_date(args.fecha),
                                         page=args.pagina, pagelen=args.por_pagina, progress=bar,
                                         drafts=getattr(args, "proyectos", False),
                                         equivalences=getattr(args, "equivalencia", []))
        if bar:
            bar.close()
    if args.json:
        print(json.dumps(results_json(results), ensure_ascii=False, indent=2))
        return 0
    for notice in results.notices:
        print(f"Aviso: {notice}", file=sys.stderr)
    if results.jump is not None:
        print("Cita encontrada:")
        _print_hit(results.jump)
        print()
    if not results.total:
        print("No se encontró ninguna disposición." if not results.jump else "")
        return 0
    when = f" vigentes el {results.when.strftime('%d/%m/%Y')}" if results.when else ""
    print(f"{plural.count(results.total, 'disposición')}{when} en "
          f"{plural.count(len(results.groups), 'instrumento')} "
          f"(página {results.page} de {max(1, results.pages)}):")
    for group in results.groups[:10]:
        print(f"  {group.count:>5}  {group.title}")
    print()
    for hit in results.hits:
        _print_hit(hit)
    return 0


def _print_hit(hit: SearchHit) -> None:
    heading = f" {hit.heading}" if hit.heading else ""
    print(f"{hit.regulation_title} — {hit.label}.{heading} [{hit.status_label}]")
    if hit.is_draft:
        print(f"    Borrador del proyecto de reforma «{hit.project_title}» "
              f"(número {hit.project_id})")
    if hit.breadcrumb:
        print(f"    {hit.breadcrumb}")
    print(f"    {hit.uri}#{hit.eid}")
    if hit.snippet:
        print(f"    {hit.snippet}")


def results_json(results: SearchResults) -> dict:
    return {
        "query": results.query,
        "fecha": results.when.isoformat() if results.when else None,
        "total": results.total, "page": results.page, "pages": results.pages,
        "notices": results.notices,
        "jump": results.jump.to_json() if results.jump else None,
        "groups": [{"uri": g.uri, "title": g.title, "count": g.count,
                    "project_id": g.project_id} for g in results.groups],
        "hits": [h.to_json() for h in results.hits],
    }


def cmd_reindex(args) -> int:
    with _services(args) as services:
        bar = None if args.quiet else TextProgress(sys.stderr)
        count = services.search.reindex(progress=bar, procs=args.procesos)
        if bar:
            bar.close()
    print(f"Índice de búsqueda reconstruido: {count} disposiciones.")
    return 0


class _LazyProgress:
    """A progress bar that appears only if the index has to be built."""

    def __init__(self) -> None:
        self._bar: TextProgress | None = None

    def __call__(self, progress) -> None:
        if self._bar is None:
            print("Preparando el índice de búsqueda…", file=sys.stderr)
            self._bar = TextProgress(sys.stderr)
        self._bar(progress)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
