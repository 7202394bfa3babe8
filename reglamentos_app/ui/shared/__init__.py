"""Shared-mode widgets: the conflict dialog and the presence poller of the project editor."""
