"""``python -m reglamentos_app`` and the packaged program: start the desktop program.

The import is absolute because PyInstaller runs this file as a top-level script, where a
relative import has no package. ``freeze_support`` lets a frozen Windows build serve the
``multiprocessing`` children it starts (a no-op everywhere else). ``--import-worker`` makes
the packaged program the child that reads one imported file under resource limits
(``sources.limits``: a frozen program has no separate Python to start for that).
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if sys.argv[1:2] == ["--import-worker"]:
        from reglamentos_app.sources.limits import worker_main

        worker_main()
    else:
        from reglamentos_app.app import run

        run()
