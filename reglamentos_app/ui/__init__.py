"""The desktop GUI (PySide6): the only package besides ``app`` that imports Qt.

Widgets call the core only through ``services``, and only from background operations built
with ``ops.Op``: no widget touches the database on the GUI thread or creates its own thread.
Everything the user reads is Spanish; identifiers are English. ``views/`` holds layout-only
classes; the finished widgets next to them add the behaviour.
"""
