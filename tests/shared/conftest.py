"""A shared office on the real PostgreSQL server: roles, logins and a project to fight over.

``office`` prepares a fresh database with ``admin init-db`` (roles prefixed with the database's
name, because roles are cluster-wide), imports a regulation as the database administrator and
adds one login per role — two redactors, a síndico, a secretaria and an administrator. At
teardown the roles are dropped (their objects first), so runs leave nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from reglamentos_app.services import admin, open_services
from reglamentos_app.storage import security
from tests.services.test_projects import PARQUES

PEOPLE = {"ana": ("Lic. Ana Ruiz", "Consejería Jurídica", "redactor"),
          "beto": ("Lic. Beto Paz", "Consejería Jurídica", "redactor"),
          "sin": ("Lic. Pedro Soto", "Sindicatura Municipal", "sindicatura"),
          "sec": ("Lic. Luz Mora", "Secretaría del Ayuntamiento", "secretaria"),
          "adm": ("Ing. Raúl Gil", "Informática", "administrador")}


@dataclass
class Office:
    admin_url: str
    prefix: str
    uri: str = ""
    opened: list = field(default_factory=list)

    def login(self, who: str) -> str:
        return f"{self.prefix}_{who}"

    def url(self, who: str) -> str:
        return make_url(self.admin_url).set(username=self.login(who)).render_as_string(
            hide_password=False)

    def services(self, who: str):
        svc = open_services(self.url(who))
        self.opened.append(svc)
        return svc

    def engine(self, who: str):
        engine = create_engine(make_url(self.url(who)).set(drivername="postgresql+psycopg"))
        self.opened.append(engine)
        return engine


@pytest.fixture
def office(pg_url):
    prefix = make_url(pg_url).database.replace("reglamentos_test_", "rt")
    admin.init_db(pg_url, prefix)
    result = Office(pg_url, prefix)
    try:
        for who, (name, office_name, role) in PEOPLE.items():
            admin.add_user(pg_url, result.login(who), name=name, office=office_name, role=role)
        with open_services(pg_url) as dba:
            result.uri = dba.corpus.import_text(PARQUES, "parques.txt").uri
        yield result
    finally:
        for item in result.opened:
            (item.close if hasattr(item, "close") else item.dispose)()
        engine = create_engine(make_url(pg_url).set(drivername="postgresql+psycopg"))
        security.drop_installation(engine, prefix, [result.login(w) for w in PEOPLE])
        engine.dispose()


@pytest.fixture
def project(office):
    """A project Ana owns on the Reglamento de Parques, with one saved edit."""
    from tests.services.test_projects import art

    ana = office.services("ana")
    created = ana.projects.create("Reforma al Reglamento de Parques", [office.uri])
    session = ana.projects.open_draft(created.id, office.uri)
    session.editor.edit(art(session.editor.root, "3").pid, text="Texto de Ana para el 3.")
    session.save()
    return created.id
