"""Plain-text importer for Mexican municipal regulations (see docs/formato-texto.md)."""
