"""Use cases: the API the GUI and the CLI call. Services own the order of steps.

``open_services`` opens the database (checking its schema) and builds every service on it.
"""

from ..storage import RegulationSummary
from ..storage.repositories import VersionInfo
from .context import Services, open_services
from .corpus import CorpusService, ImportOutcome, ImportStatus, PreparedImport
from .compare import CompareService
from .projects import (
    Comparison, DraftSession, ProjectConflict, ProjectService, ProjectSummary, PublishResult,
    compare_trees, word_diff,
)
from .review import CreatedProject, HealthReport, ReviewService, ScanReport
from .workflow import BoardRow, Notice, ObservationView, WorkflowService, WorkflowView
from .search import SavedSearch, SearchGroup, SearchHit, SearchResults, SearchService

__all__ = ["CreatedProject", "HealthReport", "ReviewService", "ScanReport", "BoardRow", "ObservationView", "WorkflowService", "CompareService", "Comparison", "DraftSession", "ProjectConflict", "ProjectService",
           "ProjectSummary", "PublishResult", "compare_trees", "word_diff", "CorpusService", "ImportOutcome", "ImportStatus", "PreparedImport", "RegulationSummary", "SavedSearch",
           "SearchGroup", "SearchHit", "SearchResults", "SearchService", "Services",
           "VersionInfo", "open_services"]
