"""Alembic environment: runs on the connection handed over by ``storage.migrate``."""

from alembic import context

from reglamentos_app.storage.records import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # developer use: `alembic -c alembic.ini …` with a URL in the ini file
    from reglamentos_app.storage.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
