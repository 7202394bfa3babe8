"""Administration of a shared database: set it up, add people, upgrade it.

``init_db`` applies the migrations and, on PostgreSQL, creates the group roles of the procedure
and hands every table and function to a NOLOGIN owner with row-level security forced
(``storage.security``). ``add_user`` gives a person their own PostgreSQL login in the group of
their role and maps it to an application user, so the server knows who acts (identity from the
login, never from what the client says). On SQLite there is no server to enforce anything:
``add_user`` only registers the profile, as ``workflow add-user`` does. These run with an
administrator's connection (a PostgreSQL superuser, or a role with CREATEROLE that owns the
database).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import ValidationError
from ..domain.workflow import UserProfile
from ..storage import Database, DatabaseStatus, Identity, security
from ..storage.workflow import WorkflowRepository
from .workflow import COUNCIL_MEMBERS

ROLES = security.ROLES
DEFAULT_PREFIX = security.DEFAULT_PREFIX


@dataclass(frozen=True, slots=True)
class InitResult:
    """What ``init_db`` did."""

    status: DatabaseStatus
    shared: bool
    roles: tuple[str, ...] = ()
    prefix: str = ""


def _open(url: str) -> Database:
    db = Database(url)
    try:
        db.open(allow_shared_upgrade=True)
    except Exception:
        db.dispose()
        raise
    return db


def init_db(url: str, prefix: str = security.DEFAULT_PREFIX) -> InitResult:
    """Migrate the database and, on PostgreSQL, set up roles, ownership and grants."""
    security.check_name(prefix, "El prefijo de los roles")
    db = Database(url)
    try:
        status = db.open(allow_shared_upgrade=True)
        if db.is_sqlite:
            return InitResult(status, shared=False)
        roles = security.setup_roles(db.engine, prefix)
        return InitResult(status, shared=True, roles=tuple(roles), prefix=prefix)
    finally:
        db.dispose()


def upgrade_db(url: str) -> DatabaseStatus:
    """Apply missing migrations; re-apply grants so new tables are covered too."""
    db = Database(url)
    try:
        status = db.open(allow_shared_upgrade=True)
        if not db.is_sqlite:
            prefix = security.stored_prefix(db.engine)
            if prefix:
                security.setup_roles(db.engine, prefix)
        return status
    finally:
        db.dispose()


def add_user(url: str, login: str, *, name: str, office: str, role: str,
             password: str | None = None) -> int:
    """Register a person; on PostgreSQL also their own login in their role's group."""
    db = _open(url)
    try:
        if db.is_sqlite:
            if role not in security.ROLES:
                raise ValidationError(f"El rol «{role}» no existe; use uno de: "
                                      f"{', '.join(security.ROLES)}.")
            return WorkflowRepository(db).add_user(UserProfile(name, office, role))
        prefix = security.stored_prefix(db.engine)
        if not prefix:
            raise ValidationError("La base de datos compartida no está preparada: ejecute antes "
                                  "«reglamentos admin init-db URL».")
        security.check_can_create_roles(db.engine)
        return security.add_login(db.engine, prefix, login, name=name, office=office, role=role,
                                  password=password)
    finally:
        db.dispose()


def whoami(url: str) -> Identity | None:
    """The application user this connection's login is mapped to (None: not mapped)."""
    db = _open(url)
    try:
        return db.identity
    finally:
        db.dispose()


def council_size(url: str, members: int | None = None) -> int:
    """The number of munícipes who vote in Cabildo; with ``members``, record a new one first.

    Quorums (simple, and 2/3 for a qualified majority) count from it, in the program and in
    the server's guards alike; it changes when a new Ayuntamiento takes office.
    """
    if members is not None and not 1 <= members <= 99:
        raise ValidationError("El número de integrantes del Cabildo va de 1 a 99.")
    db = _open(url)
    try:
        repository = WorkflowRepository(db)
        if members is not None:
            repository.set_council_members(members)
        return repository.council_members() or COUNCIL_MEMBERS
    finally:
        db.dispose()
