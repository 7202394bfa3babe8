"""Full-text search of the corpus: the only package that imports whoosh.

The index is a local, rebuildable cache of the database: one document per article and per
transitorio and per stretch of versions in which its text did not change. ``SearchIndex``
opens it (checking its health), rebuilds it, updates one regulation, and answers queries
written in the lawyer's query language of ``query.py``. Spanish analysis is ``spanish.py`` (every
form of a word meets), exact phrases ``phrases.py``, the legal area's equivalences
``equivalences.py``. Snippets are computed from the database text with ``highlight.py``; the
index stores only each body's normalised word sequence, to check phrases.
"""

from . import speedups
from .documents import IndexedArticle, article_documents, regulation_fingerprint
from .highlight import Highlighter
from .index import IndexBuildFailed, IndexDamaged, IndexHit, IndexResults, SearchIndex, index_dir_for
from .query import ParsedQuery, parse_citation, parse_query

__all__ = ["Highlighter", "IndexBuildFailed", "IndexDamaged", "IndexHit", "IndexResults", "IndexedArticle",
           "ParsedQuery", "SearchIndex", "article_documents", "index_dir_for", "parse_citation",
           "parse_query", "regulation_fingerprint"]

speedups.install()
