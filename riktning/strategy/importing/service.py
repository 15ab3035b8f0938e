"""propose_import: a document file in, the proposed tree out; nothing is written.

The one entry point the CLI (`riktning document import`) and the web import share. It checks
the file (`files.py`), reads it into blocks with the reader for its kind, and recognises the
tree (`recognise.py`) against the indicator catalogue and, for a new version of an existing
document, what that document's earlier versions hold.
"""

from django.db.models import Q

from riktning.indicators.models import Indicator
from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator, SteeringDocument

from . import files
from .blocks import Reading
from .matching import Entry, Matcher
from .recognise import Guide, recognise
from .text import read_text
from .tree import ProposedTree


def propose_import(
    data: bytes | str, filename: str = "", *, document: SteeringDocument | None = None
) -> ProposedTree:
    """The proposed tree of a .docx, text-based .pdf or .txt file (or pasted text, as str).

    Raises files.DocumentRefused, with a message for the user, for a file that cannot be
    imported (too large, of the wrong kind, macro-enabled, encrypted, damaged, scanned, empty,
    or without any development area). Reads the database; writes nothing."""
    return read_and_propose(data, filename, document=document)[1]


def read_and_propose(
    data: bytes | str, filename: str = "", *, document: SteeringDocument | None = None
) -> tuple[Reading, ProposedTree]:
    """What propose_import does, also giving the blocks read (the review shows them as the
    source text)."""
    reading = read_file(data, filename)
    tree = recognise(reading.blocks, catalogue_matcher(document), guide_for(document))
    tree.warnings[:0] = reading.warnings
    return reading, tree


def read_file(data: bytes | str, filename: str = "") -> Reading:
    """The blocks of a file, by its kind; DocumentRefused if it cannot be read or is empty."""
    if isinstance(data, str):
        data = data.encode("utf-8")
        kind = files.check_file(data, "")
    else:
        kind = files.check_file(data, filename)
    if kind == files.DOCX:
        from .docx import read_docx

        reading = read_docx(data)
    elif kind == files.PDF:
        from .pdf import read_pdf

        reading = read_pdf(data)
    else:
        reading = read_text(data)
    if not reading.blocks:
        raise files.DocumentRefused(files.empty_message(), code="empty")
    return reading


def catalogue_matcher(document: SteeringDocument | None = None) -> Matcher:
    """The indicator catalogue, and the wording the document's earlier links used."""
    entries = {
        pk: Entry(pk, key or "", title)
        for pk, key, title in Indicator.objects.values_list("pk", "source_key", "title")
    }
    earlier: list[tuple[str, Entry]] = []
    if document is not None:
        links = GoalIndicator.objects.filter(
            goal__area__version__document=document, indicator__isnull=False
        ).order_by("-goal__area__version__number", "order", "pk")
        rows = links.values_list("indicator_id", "wording", "proposal")
        for indicator_id, wording, proposal in rows:
            entry = entries.get(indicator_id)
            text = wording.strip() or proposal.strip()
            if entry is not None and text:
                earlier.append((text, entry))
    return Matcher(list(entries.values()), earlier)


def guide_for(document: SteeringDocument | None) -> Guide:
    if document is None:
        return Guide()
    in_document = Q(version__document=document)
    areas = DevelopmentArea.objects.filter(in_document).values_list("title", flat=True)
    goals = Goal.objects.filter(area__version__document=document).values_list("title", flat=True)
    return Guide(areas=tuple(dict.fromkeys(areas)), goals=tuple(dict.fromkeys(goals)))
