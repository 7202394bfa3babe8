"""Exports: the documents the application writes (texto vigente, cuadro comparativo, Word redline,
decree, publication package) in .docx, .pdf, .html, .txt and Akoma Ntoso.

An adapter package: it receives domain objects from the services and is the only place, besides
``sources``, that touches python-docx and lxml, and the only one besides the GUI that uses Qt
(its PDF writer, so PDF export never needs LibreOffice).
"""
