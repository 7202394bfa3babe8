"""Word redline: a reform project as a .docx with real tracked changes, and reading it back.

``layout`` turns an alignment of base and draft (domain types, with word segments from the
diff engine passed in by the service) into ``RedlineRow`` paragraphs; ``writer`` writes them
as Word revisions (``w:ins``/``w:del`` with author and date, paragraph-mark revisions for
whole provisions, a hidden bookmark per provision, the export's identity in custom document
properties); ``safezip`` and ``reader`` open a returned file as untrusted input; ``decisions``
works out, per revision, what the reviewer accepted, rejected or left pending, and rebuilds
the provision fields from those decisions.
"""

from .decisions import RowOutcome, Verdict, resolve_row
from .layout import RedlineRow, RedlineTarget, Unit, UnitKind, rows_for
from .model import RedlineMeta, RedlineRejected
from .reader import ReturnedComment, ReturnedDocument, ReturnedParagraph, read_redline
from .writer import write_redline

__all__ = ["RedlineMeta", "RedlineRejected", "RedlineRow", "RedlineTarget", "ReturnedComment",
           "ReturnedDocument", "ReturnedParagraph", "RowOutcome", "Unit", "UnitKind", "Verdict",
           "read_redline", "resolve_row", "rows_for", "write_redline"]
