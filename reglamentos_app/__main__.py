"""``python -m reglamentos_app``: start the desktop program (see ``app.run``)."""

from .app import run

if __name__ == "__main__":
    run()
