"""Provision alignment and word-level diffs; the only package that imports rapidfuzz."""

from .align import DEFAULT_THRESHOLD, align_trees
from .words import changed_ratio, tokenize, word_diff

__all__ = ["DEFAULT_THRESHOLD", "align_trees", "changed_ratio", "tokenize", "word_diff"]
