"""``python -m reglamentos_app``: start the desktop program (see ``app.main``)."""

import sys

from .app import main

if __name__ == "__main__":
    sys.exit(main())
