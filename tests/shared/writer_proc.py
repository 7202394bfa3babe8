"""A second OS process for the concurrency tests: saves or holds a lease as one login.

``save URL PROJECT URI SEED N OUT``: N rounds of edit-random-article, random think time, save;
writes to OUT (JSON) every text it tried and whether it was accepted or kept as a conflict.
``lease URL PROJECT URI PID TTL``: takes the lease on PID, renews it every second and prints
"ok" once held, until killed (the test kills it with SIGKILL).
"""

from __future__ import annotations

import json
import random
import sys
import time

from reglamentos_app.services import open_services
from reglamentos_app.services.merge import ProvisionConflictError

ARTICLES = ("3", "5", "7", "12", "13")


def _article(root, num):
    return next(a for a in root.articles() if a.num == num)


def save_loop(url: str, project_id: int, uri: str, seed: int, rounds: int, out: str) -> None:
    rng = random.Random(seed)
    log = []
    with open_services(url) as services:
        session = services.projects.open_draft(project_id, uri)
        for i in range(rounds):
            num = rng.choice(ARTICLES)
            text = f"Proceso {seed}, guardado {i}, artículo {num}."
            session.editor.edit(_article(session.editor.root, num).pid, text=text)
            time.sleep(rng.random() * 0.01)
            try:
                session.save()
                log.append([text, "accepted"])
            except ProvisionConflictError as exc:
                lost = {c.mine["text"] for c in exc.conflicts if c.mine}
                log.append([text, "conflict" if text in lost else "accepted"])
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(log, handle, ensure_ascii=False)


def hold_lease(url: str, project_id: int, uri: str, pid: str, ttl: int) -> None:
    with open_services(url) as services:
        while True:
            lease = services.sync.acquire(project_id, uri, pid, ttl)
            if lease.mine:
                print("ok", flush=True)
            time.sleep(1)


if __name__ == "__main__":
    command, url, project, uri, *rest = sys.argv[1:]
    if command == "save":
        save_loop(url, int(project), uri, int(rest[0]), int(rest[1]), rest[2])
    else:
        hold_lease(url, int(project), uri, rest[0], int(rest[1]))
