"""Layout-only view classes: they build widgets and expose them, with no behaviour.

The finished widget subclasses its view and connects the signals (TagStudio's rule), so
layout changes and logic changes touch different files.
"""
