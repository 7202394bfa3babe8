"""Provision alignment and word-level diffs; the only package that imports rapidfuzz."""
