"""Persistence with SQLAlchemy 2.x and Alembic: the only package that imports them.

``Database`` opens an engine (SQLite by default, PostgreSQL when shared), checks and applies
the schema migrations shipped in ``migrations/``, and hands out one session per operation.
Repositories map ORM records to domain objects and back; no live ORM row leaves this package.
"""

from .database import Database, DatabaseStatus, Identity, ServerRefused
from .homologation import HomologationRepository, StoredChoice, StoredModel
from .projects import ProjectRepository, ProjectSummary
from .repositories import RegulationRepository, RegulationSummary
from .workflow import WorkflowRepository

__all__ = ["HomologationRepository", "StoredChoice", "StoredModel",
           "Database", "DatabaseStatus", "Identity", "ServerRefused", "ProjectRepository", "ProjectSummary",
           "RegulationRepository", "RegulationSummary", "WorkflowRepository"]
