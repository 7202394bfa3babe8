"""Working together: presence leases, others' changes, conflict revisions.

``SyncService`` is what an editor window polls: ``acquire`` takes or renews the lease on the
article being edited ("X está editando este artículo" for everybody else; a client that dies
stops renewing and loses it after ``LEASE_TTL`` seconds), ``changes_since(token)`` returns the
provisions others saved after the last change the client saw, so the window refreshes without
restarting (polling works the same on SQLite and PostgreSQL and needs no open connection, which
LISTEN would), and ``conflicts`` lists the losing texts of concurrent saves until someone picks
a text. Offline check-out/check-in and ``.reforma`` packages live in ``services.offline``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..storage.collab import Change, CollabRepository, ConflictRevision, Lease
from .merge import MergeConflict

LEASE_TTL = 60          # seconds without a heartbeat before a lease is anybody's
HEARTBEAT = 20          # seconds between renewals (three chances before the TTL)

__all__ = ["Change", "ChangeBatch", "ConflictRevision", "HEARTBEAT", "LEASE_TTL", "Lease",
           "SyncService", "conflict_from_revision"]


@dataclass(frozen=True, slots=True)
class ChangeBatch:
    """Changes after a token, and the token to ask with next time."""

    changes: list[Change]
    token: int

    def by_others(self, me: str) -> list[Change]:
        return [c for c in self.changes if c.author != me]


def conflict_from_revision(revision: ConflictRevision) -> MergeConflict:
    """A stored conflict revision in the form the conflict dialog and ``resolve`` use."""
    return MergeConflict(revision.pid, revision.base, revision.mine, revision.theirs)


class SyncService:
    """Leases, change polling and conflict revisions (see the module docstring)."""

    def __init__(self, collab: CollabRepository, author: Callable[[], str],
                 login: Callable[[], str]) -> None:
        self.collab = collab
        self._author = author    # the name others see (the server's in shared mode)
        self._login = login      # the key of a lease (the PostgreSQL login, or the name)
        # Every lease key this program has used: a local profile chosen after start-up changes
        # the key, and the lease taken under the old one must not read "X está editando".
        self._my_logins: set[str] = set()
        # (project, uri) → (pid, login) of the lease this program holds there.
        self._held: dict[tuple[int, str], tuple[str, str]] = {}

    # -- presence --------------------------------------------------------------------------
    def acquire(self, project_id: int, uri: str, pid: str, ttl: int = LEASE_TTL) -> Lease:
        """Take or renew this client's lease; ``mine`` False names who holds it instead.

        One article at a time per draft: the lease on the article edited before is released
        (it used to linger for ``LEASE_TTL`` seconds, naming the user to themselves)."""
        login = self._login()
        previous = self._held.get((project_id, uri))
        if previous is not None and previous != (pid, login):
            self.collab.release_lease(project_id, uri, previous[0], previous[1])
        self._my_logins.add(login)
        lease = self.collab.acquire_lease(project_id, uri, pid, ttl, login, self._author())
        if lease.mine:
            self._held[(project_id, uri)] = (pid, login)
        else:
            self._held.pop((project_id, uri), None)
        return lease

    def release(self, project_id: int, uri: str, pid: str) -> None:
        self.collab.release_lease(project_id, uri, pid, self._login())
        self._held.pop((project_id, uri), None)

    def release_project(self, project_id: int) -> None:
        """Release every lease this program holds on ``project_id`` (its editor closed, or the
        project was published: nobody is editing it any more)."""
        for key in [k for k in self._held if k[0] == project_id]:
            pid, login = self._held.pop(key)
            self.collab.release_lease(project_id, key[1], pid, login)

    def editing_notices(self, project_id: int, uri: str) -> dict[str, str]:
        """pid → "X está editando este artículo" for live leases held by others — never by this
        program under any name it used, nor under the name the user works with now."""
        mine = self._my_logins | {self._login()}
        me = self._author()
        holders = self.collab.lease_holders(project_id, uri)
        return {pid: f"{lease.holder} está editando este artículo."
                for pid, lease in self.collab.leases(project_id, uri).items()
                if holders.get(pid) not in mine and lease.holder != me}

    # -- others' changes ---------------------------------------------------------------------
    def token(self) -> int:
        """The token that stands for "everything up to now" (take it when opening)."""
        return self.collab.last_change()

    def changes_since(self, token: int, project_id: int | None = None) -> ChangeBatch:
        changes = self.collab.changes_since(token, project_id)
        return ChangeBatch(changes, changes[-1].seq if changes else token)

    # -- conflict revisions -------------------------------------------------------------------
    def conflicts(self, project_id: int, uri: str | None = None, *,
                  only_open: bool = True) -> list[ConflictRevision]:
        return self.collab.conflicts(project_id, uri, only_open=only_open)

    def history_texts(self, project_id: int, uri: str, pid: str) -> list[str]:
        """Every losing text kept for one provision (newest last)."""
        return [c.mine["text"] for c in self.collab.conflicts(project_id, uri)
                if c.pid == pid and c.mine and "text" in c.mine]
