"""The examples in the domain docstrings are part of the specification: run them."""

import doctest

import pytest

from reglamentos_app.domain import ids, numbering, regulation


@pytest.mark.parametrize("module", [ids, numbering, regulation], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
