"""Corpus review in the GUI: the health dashboard, findings tables, near-duplicates side by
side, the rules editor and the «Crear proyecto de reforma» flow (``ReviewDashboard``)."""

from .dashboard import ReviewDashboard

__all__ = ["ReviewDashboard"]
