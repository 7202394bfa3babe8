"""Migrations 0004 (shared mode) and 0005 (server guards) go down and back up on both engines.

On PostgreSQL the downgrade also removes the server functions and policies, so an older
program finds the schema it knows.
"""

from alembic import command
from sqlalchemy import text

from reglamentos_app.storage import Database, migrate


def test_0004_down_and_up(db_url):
    db = Database(db_url)
    db.open(allow_shared_upgrade=True)
    cfg = migrate._config()
    try:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")
        assert migrate.current_revision(db.engine) == "0003"
        if not db.is_sqlite:
            with db.engine.connect() as conn:
                left = conn.execute(text(
                    "SELECT count(*) FROM pg_proc WHERE proname LIKE 'reg\\_%' "
                    "AND pronamespace = current_schema()::regnamespace")).scalar()
                policies = conn.execute(text("SELECT count(*) FROM pg_policies")).scalar()
            assert (left, policies) == (0, 0)
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert migrate.current_revision(db.engine) == migrate.head_revision()
    finally:
        db.dispose()


def test_0005_down_and_up(db_url):
    db = Database(db_url)
    db.open(allow_shared_upgrade=True)
    cfg = migrate._config()
    count = "SELECT count(*) FROM workflow_rules WHERE kind = 'guard'"
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text(count)).scalar() > 0
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        with db.engine.connect() as conn:
            assert conn.execute(text(count)).scalar() == 0
            if not db.is_sqlite:
                names = set(conn.execute(text(
                    "SELECT proname FROM pg_proc WHERE proname LIKE 'reg\\_%' "
                    "AND pronamespace = current_schema()::regnamespace")).scalars())
                assert "reg_transition" in names and "reg_check_guards" not in names
                body = conn.execute(text("SELECT prosrc FROM pg_proc "
                                         "WHERE proname = 'reg_transition'")).scalar()
                assert "reg_check_guards" not in body
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with db.engine.connect() as conn:
            assert conn.execute(text(count)).scalar() > 0
        assert migrate.current_revision(db.engine) == migrate.head_revision()
    finally:
        db.dispose()
