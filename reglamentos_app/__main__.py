"""``python -m reglamentos_app`` and the packaged program: start the desktop program.

The import is absolute because PyInstaller runs this file as a top-level script, where a
relative import has no package. ``freeze_support`` lets a frozen Windows build serve the
``multiprocessing`` children it starts (a no-op everywhere else).
"""

import multiprocessing

from reglamentos_app.app import run

if __name__ == "__main__":
    multiprocessing.freeze_support()
    run()
