"""Readers of the binary and XML formats: .docx, .pdf, .doc/.odt/.rtf (LibreOffice) and AKN.

Every reader except Akoma Ntoso turns its file into plain text in the format of
docs/formato-texto.md (one paragraph per line, a blank line between paragraphs) and hands it
to ``parse_text``, so that structure recognition lives in one place. Akoma Ntoso already is a
tree and is read (and written) directly by ``akn``. The readers run inside the limited worker
process of ``..limits``; ``worker`` holds their entry points.
"""
