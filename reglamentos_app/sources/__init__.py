"""Ingestion: documents in, provision trees out (and canonical text back out).

The plain-text pipeline is ``decode`` → ``lex`` (classify each line) → ``build`` (nest the
lines into a provision tree and read the header) → ``assign_eids``; ``unparse`` renders a tree
back to canonical text so that text → tree → text → tree gives the same tree.
"""

from .document import ParsedDocument
from .formats.akn import export_akn
from .loader import SUPPORTED_SUFFIXES, LoadedDocument, load_document, load_text
from .review import LineView, describe_lines, reparse
from .text.decoding import read_text_file
from .text.issuer import Jurisdiction, jurisdiction
from .text.parser import parse_text
from .text.unparse import unparse

__all__ = ["SUPPORTED_SUFFIXES", "export_akn", "LineView", "LoadedDocument", "ParsedDocument", "describe_lines",
           "Jurisdiction", "jurisdiction",
           "reparse", "load_document", "load_text",
           "parse_text", "read_text_file", "unparse"]
