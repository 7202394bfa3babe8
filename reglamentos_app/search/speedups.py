"""Two of whoosh's inner loops in C instead of Python generators (same results).

Every posting block's document numbers are delta-encoded on disk; whoosh 3 decodes them with a
Python generator (``numlists.delta_decode``), one generator step per posting, and encodes them
the same way. At 20,000 articles a common word reads ~9,000 postings, so decoding was about two
thirds of counting the matches per regulation and a large part of scoring (cProfile). Here both
use ``itertools.accumulate`` / ``map(operator.sub, …)``, which give the same tuples.
``tests/search/test_bulk.py`` checks them against whoosh's originals. Applied once, on import of
``reglamentos_app.search``.
"""

from __future__ import annotations

import operator
from itertools import accumulate, chain

from whoosh.codec import whoosh3

ORIGINAL_READ_IDS = whoosh3.W3LeafMatcher._read_ids
ORIGINAL_MINI_IDS = whoosh3.W3PostingsWriter._mini_ids


def _read_ids(self) -> None:
    if self._data is None:
        self._read_data()
    ids = self._data[0]
    if not self._byteids:
        ids = tuple(accumulate(ids))
    self._ids = ids


def _mini_ids(self) -> tuple:
    ids = self._ids
    if not self._byteids:
        return tuple(map(operator.sub, ids, chain((0,), ids)))
    return tuple(ids)


def install() -> None:
    whoosh3.W3LeafMatcher._read_ids = _read_ids
    whoosh3.W3PostingsWriter._mini_ids = _mini_ids
