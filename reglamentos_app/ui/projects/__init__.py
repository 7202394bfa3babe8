"""Reform projects in the GUI: project list, project editor, diff views and their dialogs.

``workspace.ProjectWorkspace`` is what the main window uses; the other modules are its parts:
the editor (``editor``, ``editor_view``, ``draft_actions``, ``draft_tree``, ``article_editor``),
the comparison views (``diff_html``, ``diff_view``, ``change_list``, ``comparison_panel``),
the decree preview and the dialogs (new project, add regulation, compare).
"""

from .workspace import ProjectWorkspace

__all__ = ["ProjectWorkspace"]
