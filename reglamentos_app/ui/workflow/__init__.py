"""The reform procedure in the GUI: board, "Trámite" panel, timeline, observations, notices.

``WorkflowArea`` (``area``) is what the main window builds: the "Trámite" menu, the board tab,
the current user's profile and notices in the status bar, the administrator's definition
dialog, and, for every project editor the projects workspace opens, a "Trámite" tab (stage,
the actions of the user's role as buttons opening forms generated from the transition's data
fields, the timeline with "Verificar registro") and the observations beside the diff. Every
widget here is thin: it shows what ``services.workflow`` returns and calls it through ops.
"""

from .area import WorkflowArea

__all__ = ["WorkflowArea"]
