"""Search use cases: keep the index in step with the database and answer the lawyer's queries.

``SearchService`` owns the ``SearchIndex`` of the open database. It listens to the corpus
service, so every import that changes a regulation updates that regulation's documents. Before
searching, ``ensure_ready`` opens the index and rebuilds it (with progress) when it is missing or
damaged, then compares each regulation's fingerprint with the database and updates the ones that
drifted (changed by another program or while the index was unusable). Results carry snippets
computed from the database text, counts per regulation and, when the query is a citation, the
article to jump to. Saved searches are a small JSON file in the user's configuration folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from ..config import config_dir, data_dir
from ..domain.errors import ValidationError
from ..domain.numbering import fold
from ..domain.progress import CancelToken, Progress
from ..domain.regulation import Expression, RegulationKind, short_title
from ..search import (
    Highlighter, IndexDamaged, IndexHit, SearchIndex, parse_query, regulation_fingerprint,
)
from ..domain.reform import ProjectStatus
from ..domain.regulation import kind_from_title
from ..search.equivalences import Equivalences, default_equivalences_text, load_equivalences
from ..search.documents import (
    OPEN_END, abbreviation, article_text, date_int, draft_fields, draft_group, int_date,
    iter_articles, split_draft_group,
)
from .corpus import CorpusService

log = logging.getLogger(__name__)
ProgressCallback = Callable[[Progress], None]
DRIFT_CHECK_INTERVAL_S = 3.0   # at most this often, a search compares the index with the DB
REBUILD_SHARE = 0.5            # catching up on more than this share of regulations: rebuild
EQUIVALENCES_FILE = "equivalencias_busqueda.toml"  # the user's copy, in the data folder
TEXT_CACHE_SIZE = 64  # regulation versions whose article texts are kept for snippets
_STATUS_LABELS = {"in_force": "vigente", "repealed": "derogado"}


@dataclass(slots=True)
class SearchHit:
    """One provision found, ready to show."""

    uri: str
    eid: str
    label: str              # "Artículo 15" / "Transitorio PRIMERO"
    heading: str
    breadcrumb: str
    regulation_title: str
    kind_label: str
    status_label: str       # vigente | derogado | abrogado
    snippet_html: str
    snippet: str            # plain text, matched words in [corchetes]
    words: list[str]        # matched words as written (to highlight them in the viewer)
    valid_from: date | None
    valid_until: date | None
    score: float = 0.0
    project_id: int | None = None   # set: a provision of a reform project's draft
    project_title: str = ""
    pid: str = ""                   # permanent id of the provision (to find it in a draft)

    @property
    def is_draft(self) -> bool:
        return self.project_id is not None

    def to_json(self) -> dict:
        data = asdict(self)
        data["valid_from"] = self.valid_from.isoformat() if self.valid_from else None
        data["valid_until"] = self.valid_until.isoformat() if self.valid_until else None
        return data


@dataclass(slots=True)
class SearchGroup:
    """Hits of one regulation."""

    uri: str
    title: str
    count: int
    project_id: int | None = None   # the draft of a reform project


@dataclass(slots=True)
class SearchResults:
    """One page of results (see the module docstring)."""

    query: str
    when: date | None
    hits: list[SearchHit] = field(default_factory=list)
    groups: list[SearchGroup] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    notices: list[str] = field(default_factory=list)
    jump: SearchHit | None = None


@dataclass(slots=True)
class SavedSearch:
    """A search the user named and kept."""

    name: str
    query: str
    when: str = ""          # AAAA-MM-DD or ""
    drafts: bool = False    # also in the drafts of reform projects
    equivalences: list[str] = field(default_factory=list)  # optional groups ticked


class SearchService:
    """Full-text search of the corpus (see the module docstring)."""

    def __init__(self, corpus: CorpusService, index_dir: Path) -> None:
        self.corpus = corpus
        self.index = SearchIndex(index_dir)
        self._lock = threading.RLock()
        self._last_drift_check = 0.0
        self._texts: OrderedDict[tuple[str, int], dict[str, str]] = OrderedDict()
        self.projects = None          # ProjectService, see attach_projects
        self._project_titles: dict[int, str] = {}
        self._equivalences: tuple[int | None, Equivalences] | None = None
        corpus.add_listener(self._on_change)

    def attach_projects(self, projects) -> None:
        """Follow the drafts of open reform projects ("buscar también en proyectos")."""
        self.projects = projects
        projects.add_listener(self._on_project_change)

    # -- keeping the index in step ----------------------------------------------------------
    def status(self) -> str:
        """"ok", "falta" or the Spanish reason the index is damaged."""
        with self._lock:
            if self.index.is_open:
                return "ok"
            if not self.index.exists():
                return "falta"
            try:
                self.index.open()
            except IndexDamaged as exc:
                return str(exc)
            return "ok"

    def ensure_ready(self, progress: ProgressCallback | None = None,
                     cancel: CancelToken | None = None) -> bool:
        """Open the index, rebuilding or catching up as needed; True if it was rebuilt."""
        with self._lock:
            rebuilt = False
            if self.index.is_open and not self.index.on_disk():
                # The folder was deleted or emptied behind an open index: start afresh.
                log.info("La carpeta del índice desapareció; se reconstruye")
                self.index.close()
            if not self.index.is_open:
                try:
                    self.index.open()
                except IndexDamaged as exc:
                    log.info("Se reconstruye el índice de búsqueda: %s", exc)
                    self.reindex(progress, cancel)
                    rebuilt = True
            if not rebuilt and time.monotonic() - self._last_drift_check > DRIFT_CHECK_INTERVAL_S:
                self.catch_up(progress, cancel)
            return rebuilt

    def catch_up(self, progress: ProgressCallback | None = None,
                 cancel: CancelToken | None = None) -> list[str]:
        """Update the regulations whose fingerprint differs from the database's."""
        with self._lock:
            current = self._db_fingerprints()
            indexed = self.index.fingerprints()
            changed = [u for u, fp in current.items() if indexed.get(u) != fp]
            removed = [u for u in indexed if u not in current]
            if len(changed) > 20 and len(changed) > REBUILD_SHARE * len(current):
                # Most of the corpus changed (a bulk import elsewhere): a full build is faster.
                self.reindex(progress, cancel)
                return changed + removed
            for i, uri in enumerate(changed):
                if cancel is not None:
                    cancel.check()
                if progress:
                    progress(Progress(i, len(changed), "Actualizando el índice de búsqueda…"))
                self._update(uri, current[uri])
            for uri in removed:
                self.index.remove_regulation(uri)
            self._last_drift_check = time.monotonic()
            return changed + removed

    def reindex(self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None,
                procs: int | None = None) -> int:
        """Rebuild the whole index from the database; returns the number of documents."""
        with self._lock:
            fingerprints = self._db_fingerprints()
            self._texts.clear()

            def sources():
                for uri, fp in fingerprints.items():
                    yield self.corpus.get_regulation(uri), self._versions(uri), fp
            marker = self._drafts_marker()
            drafts = ((group, fp, docs()) for group, fp, docs in self._open_drafts())
            count = self.index.rebuild(sources(), len(fingerprints), progress=progress,
                                       cancel=cancel, procs=procs, drafts=drafts,
                                       markers={"drafts_marker": marker})
            self._last_drift_check = time.monotonic()
            return count

    def _on_change(self, uri: str) -> None:
        """Corpus listener: a regulation changed; update it if the index is in use."""
        with self._lock:
            self._forget(uri)
            if not self.index.is_open and not self.index.exists():
                return  # no index yet: the first search builds it with everything
            try:
                if not self.index.is_open:
                    self.index.open()
                self._update(uri, self._db_fingerprints().get(uri))
            except IndexDamaged:
                log.warning("Índice de búsqueda dañado; se reconstruirá en la próxima búsqueda")
            except Exception:  # noqa: BLE001 - e.g. the write lock is held: catch up later
                log.exception("No se pudo actualizar el índice para %s", uri)

    def _update(self, uri: str, fingerprint: str | None) -> None:
        if fingerprint is None:
            self.index.remove_regulation(uri)
            return
        self.index.update_regulation(self.corpus.get_regulation(uri), self._versions(uri),
                                     fingerprint)

    # -- drafts of reform projects ----------------------------------------------------------
    def _drafts_marker(self) -> str:
        """Changes when any project is created, changed, closed or has a draft saved.

        The change log's last number moves with every draft save (also by other users on a
        shared database); the project list catches the rest.
        """
        if self.projects is None:
            return ""
        rows = [str(self.projects.collab.last_change())]
        rows += [f"{p.id}:{p.status.value}:{p.updated_at}:{'|'.join(p.target_uris)}:{p.title}"
                 for p in self.projects.list()]
        return hashlib.blake2b("\n".join(rows).encode("utf-8"), digest_size=12).hexdigest()

    def _open_drafts(self):
        """(group, fingerprint, make documents) of every draft of the open projects."""
        if self.projects is None:
            return
        for summary in self.projects.list():
            if summary.status is not ProjectStatus.OPEN:
                continue
            project = self.projects.get(summary.id)
            self._project_titles[project.id] = project.title
            for target in project.targets:
                kind = self._draft_kind(target)
                group = draft_group(project.id, target.regulation_uri)
                fp = f"{target.revision}|{kind}|{target.regulation_title}"

                def docs(project_id=project.id, target=target, kind=kind):
                    self._texts.pop((draft_group(project_id, target.regulation_uri), 0), None)
                    return draft_fields(project_id, target.regulation_uri, target.draft,
                                        kind=kind, title=target.regulation_title)
                yield group, fp, docs

    def _draft_kind(self, target) -> str:
        if not target.is_new:
            try:
                return self.corpus.get_regulation(target.regulation_uri).kind.value
            except Exception:  # noqa: BLE001 - a target no longer in the corpus
                pass
        return kind_from_title(target.regulation_title).value

    def sync_drafts(self) -> bool:
        """Bring the drafts in the index up to date if anything changed; True if it did."""
        with self._lock:
            if self.projects is None:
                return False
            if not self.index.is_open:
                self.index.open()
            marker = self._drafts_marker()
            if marker == self.index.meta.get("drafts_marker"):
                return False
            indexed = self.index.draft_fingerprints()
            wanted = set()
            for group, fp, docs in self._open_drafts():
                wanted.add(group)
                if indexed.get(group) != fp:
                    self.index.update_draft(group, docs(), fp)
            for group in indexed:
                if group not in wanted:
                    self.index.update_draft(group, [], None)
                    self._texts.pop((group, 0), None)
            self.index.set_marker("drafts_marker", marker)
            return True

    def _on_project_change(self, project_id: int) -> None:
        """Project listener: created, changed, withdrawn or published: follow its drafts."""
        with self._lock:
            if not self.index.is_open and not self.index.exists():
                return
            try:
                self.sync_drafts()
            except IndexDamaged:
                log.warning("Índice de búsqueda dañado; se reconstruirá en la próxima búsqueda")
            except Exception:  # noqa: BLE001 - e.g. the write lock is held: catch up later
                log.exception("No se pudo actualizar el índice para el proyecto %s", project_id)

    def _versions(self, uri: str) -> list[Expression]:
        infos = self.corpus.versions(uri)
        out = []
        for i, info in enumerate(infos):
            newest = i == len(infos) - 1
            out.append(self.corpus.latest_text(uri) if newest
                       else self.corpus.get_text(uri, info.valid_from or date.min))
        return out

    def _db_fingerprints(self) -> dict[str, str]:
        return {r.uri: regulation_fingerprint(r.title, r.kind.value, r.status.value,
                                              r.version_count, r.last_reform, r.article_count)
                for r in self.corpus.list_regulations()}

    # -- searching --------------------------------------------------------------------------
    def search(self, text: str, when: date | None = None, *, page: int = 1, pagelen: int = 20,
               regulation_uris: list[str] | None = None,
               progress: ProgressCallback | None = None, drafts: bool = False,
               equivalences: Iterable[str] = (), use_equivalences: bool = True
               ) -> SearchResults:
        """Search ``text`` among the texts in force on ``when`` (today's when None).

        ``regulation_uris`` limits the search to those regulations (the GUI's "este reglamento");
        ``drafts`` also searches the drafts of the open reform projects, marked as such;
        ``equivalences`` are the ids of the optional equivalence groups the user ticked (the
        groups that always apply do so unless ``use_equivalences`` is false).
        """
        self.ensure_ready(progress)
        draft_notice = None
        if drafts:
            try:
                self.sync_drafts()
            except IndexDamaged:
                pass  # the search below finds the damage and rebuilds
            except Exception:  # noqa: BLE001 - the corpus can still be searched
                log.exception("No se pudieron leer los proyectos de reforma")
                draft_notice = ("No se pudieron leer los proyectos de reforma; los borradores "
                                "pueden no estar al día.")
        chosen = frozenset(equivalences)
        parsed = self._parse(text, chosen, use_equivalences)
        results = SearchResults(query=text, when=when, page=max(1, page))
        if parsed.empty:
            return results
        if parsed.citation is not None:
            results.jump = self._jump(parsed.citation, when)
        when_int = date_int(when, 0) if when else None
        search = dict(when_int=when_int, page=results.page, pagelen=pagelen, uris=regulation_uris,
                      drafts=drafts)
        found = self._index_search(parsed, any_word=False, **search)
        if (found.total == 0 and results.jump is None and not parsed.plain_fallback
                and len(parsed.words.split()) > 1
                and not _has_operators(parsed.words)):
            found = self._index_search(self._parse(text, chosen, use_equivalences),
                                       any_word=True, **search)
            if found.total:
                found.notices.append("Ningún artículo contiene todas las palabras; se muestran "
                                     "los que contienen alguna.")
        results.notices = found.notices + ([draft_notice] if draft_notice else [])
        results.total = found.total
        results.pages = (found.total + pagelen - 1) // pagelen
        highlighter = Highlighter(found.terms)
        results.hits = [self._present(hit, highlighter) for hit in found.hits]
        titles = {draft_group(h.project_id, h.uri) if h.is_draft else h.uri: h.regulation_title
                  for h in results.hits}
        missing = [u for u in found.groups if u not in titles]
        if missing:
            titles.update({r.uri: short_title(r.title) for r in self.corpus.list_regulations()})
        results.groups = sorted((self._group(u, titles, n) for u, n in found.groups.items()),
                                key=lambda g: (g.project_id is not None, -g.count, fold(g.title)))
        return results

    def _parse(self, text: str, chosen: frozenset[str], use_equivalences: bool):
        """The parsed query, its words widened by the equivalences that apply."""
        parsed = parse_query(text)
        if use_equivalences and parsed.words:
            words, applied = self.equivalences().expand(parsed.words, chosen)
            if applied:
                parsed.words = words
                parsed.notices.append("Se buscaron también las formas equivalentes: "
                                      + "; ".join(applied) + ".")
        return parsed

    # -- equivalences -----------------------------------------------------------------------
    @property
    def equivalences_path(self) -> Path:
        return data_dir() / EQUIVALENCES_FILE

    def equivalences(self) -> Equivalences:
        """The user's equivalences file if there is one (and it is valid), else the factory's.

        Read again when the file changes, so an edit applies to the next search.
        """
        path = self.equivalences_path
        try:
            stamp = path.stat().st_mtime_ns if path.is_file() else None
        except OSError:
            stamp = None
        cached = self._equivalences
        if cached is not None and cached[0] == stamp:
            return cached[1]
        loaded = None
        if stamp is not None:
            try:
                loaded = load_equivalences(path.read_text(encoding="utf-8"), path.name)
            except (OSError, UnicodeDecodeError, ValidationError) as exc:
                log.warning("Equivalencias de búsqueda no válidas (%s); se usan las de fábrica",
                            exc)
        if loaded is None:
            loaded = load_equivalences(default_equivalences_text())
        self._equivalences = (stamp, loaded)
        return loaded

    def save_equivalences_text(self, text: str) -> Equivalences:
        """Check a new equivalences file and make it the user's copy (nothing changes if bad)."""
        book = load_equivalences(text, "equivalencias")
        path = self.equivalences_path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        self._equivalences = None
        return book

    def _group(self, value: str, titles: dict[str, str], count: int) -> SearchGroup:
        uri, project_id = split_draft_group(value)
        if project_id is None:
            return SearchGroup(value, titles.get(value, value), count)
        title = titles.get(value) or titles.get(uri) or uri
        return SearchGroup(value, f"{title} — borrador del proyecto «"
                                  f"{self._project_title(project_id)}»", count, project_id)

    def _project_title(self, project_id: int) -> str:
        title = self._project_titles.get(project_id)
        if title is None and self.projects is not None:
            try:
                title = self._project_titles[project_id] = self.projects.get(project_id).title
            except Exception:  # noqa: BLE001 - a project deleted meanwhile
                title = f"número {project_id}"
        return title or f"número {project_id}"

    def _index_search(self, parsed, *, when_int, page, pagelen, uris, any_word, drafts=False):
        try:
            return self.index.search(parsed, when=when_int, page=page, pagelen=pagelen,
                                     regulation_uris=uris, any_word=any_word, drafts=drafts)
        except IndexDamaged as exc:
            # Damage found while reading (a bad segment): rebuild once and answer.
            log.warning("Índice dañado al buscar (%s); se reconstruye", exc)
            with self._lock:
                self.index.close()
                self.reindex()
            found = self.index.search(parsed, when=when_int, page=page, pagelen=pagelen,
                                      regulation_uris=uris, any_word=any_word, drafts=drafts)
            found.notices.append("El índice de búsqueda estaba dañado y se reconstruyó.")
            return found

    def _jump(self, citation, when: date | None) -> SearchHit | None:
        wanted = [w for w in fold(citation.regulation).replace(".", "").split()
                  if w not in ("reglamento", "de", "del", "la", "el", "los", "las", "para")]
        if not wanted:
            return None
        code = fold(citation.regulation).replace(".", "").replace(" ", "")
        best = None
        for summary in self.corpus.list_regulations():
            title = fold(summary.title)
            by_words = all(w in title for w in wanted)
            by_abbr = abbreviation(summary.title) == code
            if by_words or by_abbr:
                # Prefer the kind the citation names ("reglamento", "bando"…).
                score = (by_abbr, fold(summary.kind.value) in fold(citation.regulation),
                         -len(title))
                if best is None or score > best[0]:
                    best = (score, summary.uri)
        if best is None:
            return None
        hit = self.index.find_article(best[1], citation.article, date_int(when, 0) if when else None)
        return self._present(hit, Highlighter(())) if hit else None

    def _present(self, hit: IndexHit, highlighter: Highlighter) -> SearchHit:
        text = self._article_text(hit)
        snippet = highlighter.snippet(text)
        label = ("Transitorio " if hit.provkind == "transitional" else "Artículo ") + hit.num
        status = ("abrogado" if hit.regulation_status == "abrogated"
                  else _STATUS_LABELS.get(hit.status, hit.status))
        uri, project_id = split_draft_group(hit.uri)
        if project_id is not None:
            status = "borrador"
        try:
            kind_label = RegulationKind(hit.kind).label
        except ValueError:
            kind_label = hit.kind
        return SearchHit(uri=uri, eid=hit.eid, label=label.strip(), heading=hit.heading,
                         breadcrumb=hit.breadcrumb, regulation_title=short_title(hit.title),
                         kind_label=kind_label, status_label=status,
                         snippet_html=snippet.html, snippet=snippet.plain, words=snippet.words,
                         valid_from=None if project_id is not None else int_date(hit.valid_from),
                         valid_until=None if project_id is not None else int_date(hit.valid_until),
                         score=hit.score, project_id=project_id, pid=_pid_of(hit.key),
                         project_title=self._project_title(project_id) if project_id else "")

    def _article_text(self, hit: IndexHit) -> str:
        """The article's text from the database (the index stores none).

        Texts are cached per regulation version as an eid → text table, so a page of hits
        loads each regulation once and later pages and queries reuse it.
        """
        uri, project_id = split_draft_group(hit.uri)
        key = (hit.uri, 0 if project_id is not None else hit.valid_from)
        with self._lock:
            table = self._texts.get(key)
            if table is None:
                when = int_date(hit.valid_from) if hit.valid_until != OPEN_END else None
                try:
                    # The newest version (valid_until open) may start later than today.
                    root = (self.projects.get(project_id).target(uri).draft
                            if project_id is not None else
                            (self.corpus.get_text(uri, when) if when is not None
                             else self.corpus.latest_text(uri)).root)
                except Exception:  # noqa: BLE001 - a hit without text still shows its title
                    return ""
                table = {node.eid: article_text(node) for node, _trail in iter_articles(root)}
                self._texts[key] = table
                while len(self._texts) > TEXT_CACHE_SIZE:
                    self._texts.popitem(last=False)
            else:
                self._texts.move_to_end(key)
        return table.get(hit.eid, "")

    def _forget(self, uri: str) -> None:
        for key in [k for k in self._texts if k[0] == uri]:
            del self._texts[key]

    # -- saved searches ---------------------------------------------------------------------
    @staticmethod
    def saved_searches_path() -> Path:
        return config_dir() / "busquedas.json"

    def saved_searches(self) -> list[SavedSearch]:
        try:
            data = json.loads(self.saved_searches_path().read_text(encoding="utf-8"))
            return [SavedSearch(str(d["name"]), str(d["query"]), str(d.get("when", "")),
                                bool(d.get("drafts", False)),
                                [str(e) for e in d.get("equivalences", []) or []])
                    for d in data if isinstance(d, dict) and "name" in d and "query" in d]
        except (OSError, ValueError, TypeError, KeyError):
            return []

    def save_search(self, search: SavedSearch) -> list[SavedSearch]:
        """Add (or replace by name) a saved search; written atomically."""
        items = [s for s in self.saved_searches() if s.name != search.name] + [search]
        self._write_saved(items)
        return items

    def delete_saved_search(self, name: str) -> list[SavedSearch]:
        items = [s for s in self.saved_searches() if s.name != name]
        self._write_saved(items)
        return items

    def _write_saved(self, items: list[SavedSearch]) -> None:
        path = self.saved_searches_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump([asdict(s) for s in items], fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


def _pid_of(key: str) -> str:
    """The provision part of an index key ``uri#pid#valid_from`` (the eid if it had no pid)."""
    parts = key.rsplit("#", 2)
    return parts[1] if len(parts) == 3 else ""


def _has_operators(words: str) -> bool:
    return any(t in ("AND", "OR", "NOT", "y", "o", "no") or t.startswith('"') or "*" in t
               or "~" in t for t in words.split())
