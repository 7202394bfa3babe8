"""The search panel of the main window (full-text search of the corpus)."""

from .panel import SearchPanel, highlight_words, select_in_structure

__all__ = ["SearchPanel", "highlight_words", "select_in_structure"]
