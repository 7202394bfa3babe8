"""Homologation models and the user's choices about them (tables ``homologation_*``).

``homologation_models`` keeps each model imported for homologation — its text, kept apart
from the corpus of regulations in force, or the URI of a corpus regulation used as model.
``homologation_choices`` keeps what a user decided for one model and one instrument: which
articles regulate a principle (``match:<model eId>``: a list of pids, empty for «falta») or
which wording a placeholder takes (``name:<token>``). Re-running the matrix reads them back,
so a correction outlives every recomputation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.errors import NotFoundError
from .base import Base
from .database import Database
from .records import utcnow


class HomologationModelRecord(Base):
    __tablename__ = "homologation_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    source_name: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    regulation_uri: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HomologationChoiceRecord(Base):
    __tablename__ = "homologation_choices"

    model_id: Mapped[int] = mapped_column(
        ForeignKey("homologation_models.id", ondelete="CASCADE"), primary_key=True)
    regulation_uri: Mapped[str] = mapped_column(String(300), primary_key=True)
    choice_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON, default=dict)
    author: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)


@dataclass(frozen=True, slots=True)
class StoredModel:
    id: int
    name: str
    source_name: str
    text: str
    regulation_uri: str
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredChoice:
    regulation_uri: str
    key: str
    value: dict
    author: str
    updated_at: datetime | None


class HomologationRepository:
    """Models and choices (see the module docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_model(self, name: str, *, text: str = "", source_name: str = "",
                  regulation_uri: str = "") -> int:
        with self.db.session(write=True) as session:
            record = HomologationModelRecord(name=name, text=text, source_name=source_name,
                                             regulation_uri=regulation_uri)
            session.add(record)
            session.flush()
            return int(record.id)

    def models(self) -> list[StoredModel]:
        with self.db.session() as session:
            rows = session.scalars(select(HomologationModelRecord)
                                   .order_by(HomologationModelRecord.id)).all()
            return [_model(r) for r in rows]

    def model(self, model_id: int) -> StoredModel:
        with self.db.session() as session:
            record = session.get(HomologationModelRecord, model_id)
            if record is None:
                raise NotFoundError(f"No existe el modelo {model_id}.")
            return _model(record)

    def delete_model(self, model_id: int) -> None:
        with self.db.session(write=True) as session:
            session.execute(delete(HomologationChoiceRecord)
                            .where(HomologationChoiceRecord.model_id == model_id))
            session.execute(delete(HomologationModelRecord)
                            .where(HomologationModelRecord.id == model_id))

    def choices(self, model_id: int) -> list[StoredChoice]:
        with self.db.session() as session:
            rows = session.scalars(select(HomologationChoiceRecord)
                                   .where(HomologationChoiceRecord.model_id == model_id)).all()
            return [StoredChoice(r.regulation_uri, r.choice_key, dict(r.value or {}), r.author,
                                 r.updated_at) for r in rows]

    def set_choice(self, model_id: int, uri: str, key: str, value: dict | None,
                   author: str) -> None:
        """Store (or with ``value=None`` forget) one choice."""
        with self.db.session(write=True) as session:
            if session.get(HomologationModelRecord, model_id) is None:
                raise NotFoundError(f"No existe el modelo {model_id}.")
            record = session.get(HomologationChoiceRecord, (model_id, uri, key))
            if value is None:
                if record is not None:
                    session.delete(record)
                return
            if record is None:
                session.add(HomologationChoiceRecord(model_id=model_id, regulation_uri=uri,
                                                     choice_key=key, value=value, author=author,
                                                     updated_at=utcnow()))
            else:
                record.value, record.author, record.updated_at = value, author, utcnow()


def _model(r: HomologationModelRecord) -> StoredModel:
    return StoredModel(int(r.id), r.name, r.source_name, r.text, r.regulation_uri, r.created_at)
