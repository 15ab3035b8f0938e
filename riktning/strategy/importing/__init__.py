"""Importing a steering document: a Word, PDF or text file read into a proposed tree of
sections, development areas, goals and indicator links (docs/document-import.md).

    files.py      what a file is and whether it may be opened (size, type, macros, bombs)
    text.py, docx.py, pdf.py
                  the readers: each turns its format into the same stream of blocks
    blocks.py     that stream, and the rules of text the readers share
    markers.py    "Mål", "Indikator", "Ytterligare indikator" … and "Ny rubrik :"
    recognise.py  blocks → the proposed tree
    matching.py   an indicator line → the catalogue entry it names
    tree.py       the proposed tree and its JSON
    service.py    propose_import, the one entry point (the CLI and the web import)
"""

from .files import DocumentRefused
from .service import propose_import
from .tree import ProposedArea, ProposedGoal, ProposedLink, ProposedSection, ProposedTree

__all__ = [
    "DocumentRefused",
    "ProposedArea",
    "ProposedGoal",
    "ProposedLink",
    "ProposedSection",
    "ProposedTree",
    "propose_import",
]
