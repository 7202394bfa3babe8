"""The composition of services over one database (the role of Anki's ``Collection``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..config import data_dir
from ..search import index_dir_for
from ..storage import (
    HomologationRepository,
    Database, DatabaseStatus, ProjectRepository, RegulationRepository, WorkflowRepository,
)
from .compare import CompareService
from .corpus import CorpusService
from .exports import ExportService
from .homologation import HomologationService
from .projects import ProjectService
from .redline import RedlineService
from .review import RULES_FILE, ReviewService
from .search import SearchService
from .sync import SyncService
from .workflow import WorkflowService


@dataclass
class Services:
    """Every service of the application, sharing one database."""

    db: Database
    status: DatabaseStatus
    corpus: CorpusService
    search: SearchService
    projects: ProjectService
    compare: CompareService
    workflow: WorkflowService
    review: ReviewService

    @cached_property
    def exports(self) -> ExportService:
        """Exports need nothing of their own: built on first use from the other services."""
        return ExportService(self.corpus, self.projects, self.workflow)

    @cached_property
    def homologation(self) -> HomologationService:
        """Homologation against a model (matrix, corrections, omnibus project), on first use."""
        return HomologationService(self.corpus, self.projects, HomologationRepository(self.db))

    @cached_property
    def redline(self) -> RedlineService:
        """Word redline export and import, built on first use like ``exports``."""
        return RedlineService(self.projects, self.workflow)

    @cached_property
    def sync(self) -> SyncService:
        """Shared-mode presence, others' changes and conflict revisions (``services.sync``)."""
        projects = self.projects
        identity = lambda: self.db.identity  # noqa: E731 - read at call time
        return SyncService(projects.collab, lambda: projects.author_name,
                           lambda: identity().login if identity() else projects.author_name)

    def close(self) -> None:
        self.search.index.close()
        self.db.dispose()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def open_services(db_url: str, *, allow_shared_upgrade: bool = False,
                  index_dir: Path | None = None) -> Services:
    """Open (and if needed upgrade) the database and build the services.

    The search index lives in ``index_dir`` (default: a folder derived from ``db_url``).
    """
    db = Database(db_url)
    try:
        status = db.open(allow_shared_upgrade=allow_shared_upgrade)
    except Exception:
        db.dispose()
        raise
    corpus = CorpusService(RegulationRepository(db))
    search = SearchService(corpus, index_dir or index_dir_for(db_url, data_dir()))
    projects = ProjectService(ProjectRepository(db), corpus)
    search.attach_projects(projects)  # "buscar también en proyectos de reforma"
    workflow = WorkflowService(WorkflowRepository(db), projects, shared=not db.is_sqlite)
    review = ReviewService(corpus, projects, data_dir() / RULES_FILE)
    workflow.advisors.append(review.draft_advice)  # citations a reform breaks, before it leaves
    return Services(db=db, status=status, corpus=corpus, search=search, projects=projects,
                    compare=CompareService(corpus), workflow=workflow, review=review)
