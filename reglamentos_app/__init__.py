"""Reglamentos: a workbench for reforming the municipal regulations of Mexicali.

The package is layered: ``domain`` holds the pure-Python vocabulary (regulations, provision
trees, gazette references); ``sources`` turns documents into provision trees; ``storage``
persists them with SQLAlchemy; ``services`` are the use cases; ``cli`` and ``ui`` are the two
front ends; ``app`` wires everything together for the desktop program.
"""

__version__ = "0.1.0"
