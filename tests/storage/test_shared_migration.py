"""Migration 0004 (shared mode) goes down to 0003 and back up on both engines.

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
