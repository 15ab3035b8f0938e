"""The words Swedish steering documents mark their goals and indicators with, and the prefixes
a revision writes before a changed heading.

A marker stands at the start of a line, with or without a colon, with its text after it on the
same line ("Indikator: Andel …") or on the lines that follow ("Mål" and the goal below it). On
the same line without a colon the text must start with a capital letter, so that running
text such as "Mål och indikatorer ska stämma överens" is not taken for a goal.
"""

import re
from dataclasses import dataclass

from riktning.strategy.constants import IndicatorRole

GOAL, INDICATOR = "goal", "indicator"


@dataclass(frozen=True)
class Marker:
    kind: str  # GOAL or INDICATOR
    role: str  # an IndicatorRole for indicators; "" for goals
    word: str  # the marker as written, e.g. "Nytt förslag till mål"
    rest: str  # the text after it on the same line ("" when on its own line)

    @property
    def heading(self) -> str:
        """The marker as the goal's or the link's own heading where it says more than "Mål" or
        "Indikator" ("Nytt förslag till mål", "Förslag till ytterligare indikator")."""
        plain = {"mål", "indikator", "indikatorer"}
        word = re.sub(r"\s*\d+(?:\.\d+)*$", "", self.word).strip()
        return "" if word.casefold() in plain else word


# Longest first, so that "Förslag till ytterligare indikator" wins over "indikator".
_WORDS: list[tuple[str, str, str]] = [
    ("förslag till ytterligare indikatorer", INDICATOR, IndicatorRole.PROPOSED),
    ("förslag till ytterligare indikator", INDICATOR, IndicatorRole.PROPOSED),
    ("förslag till nya indikatorer", INDICATOR, IndicatorRole.PROPOSED),
    ("förslag till ny indikator", INDICATOR, IndicatorRole.PROPOSED),
    ("förslag till indikatorer", INDICATOR, IndicatorRole.PROPOSED),
    ("förslag till indikator", INDICATOR, IndicatorRole.PROPOSED),
    ("föreslagna indikatorer", INDICATOR, IndicatorRole.PROPOSED),
    ("föreslagen indikator", INDICATOR, IndicatorRole.PROPOSED),
    ("ytterligare indikatorer", INDICATOR, IndicatorRole.ADDITIONAL),
    ("ytterligare indikator", INDICATOR, IndicatorRole.ADDITIONAL),
    ("kompletterande indikator", INDICATOR, IndicatorRole.ADDITIONAL),
    ("indikatorer", INDICATOR, IndicatorRole.PRIMARY),
    ("indikator", INDICATOR, IndicatorRole.PRIMARY),
    ("nytt förslag till mål", GOAL, ""),
    ("förslag till nytt mål", GOAL, ""),
    ("förslag till mål", GOAL, ""),
    ("nytt mål", GOAL, ""),
    ("mål", GOAL, ""),
]
_SPEC = {word: (kind, role) for word, kind, role in _WORDS}
MARKER = re.compile(
    r"^\s*(?P<word>(?i:"
    + "|".join(r"\s+".join(map(re.escape, word.split())) for word, *_ in _WORDS)
    + r")(?:\s+\d{1,2}(?:\.\d{1,2})*)?)"
    # a colon (with the text after it or not), the end, or a capital after a space
    + r"(?:\s*[:.–-]\s*(?P<after_colon>.*)|\s*$|\s+(?P<after_space>[A-ZÅÄÖÉÜ\"”«].*))$",
    re.DOTALL,
)


def find_marker(text: str) -> Marker | None:
    match = MARKER.match(text)
    if match is None:
        return None
    word = " ".join(match.group("word").split())
    base = re.sub(r"\s*\d+(?:\.\d+)*$", "", word).casefold()
    kind, role = _SPEC[base]
    rest = (match.group("after_colon") or match.group("after_space") or "").strip()
    return Marker(kind=kind, role=role, word=word, rest=rest)


# "Ny rubrik : Föräldraskap" – a revision's note on a heading or a goal, kept as the part's note.
NOTE_PREFIX = re.compile(
    r"^\s*(?P<note>(?i:ny\s+rubrik|nytt\s+namn|ändrad\s+rubrik|förslag\s+till\s+ny\s+rubrik|"
    r"ny\s+formulering|ändrad\s+formulering|ny\s+text|ändrad\s+text|nytt\s+stycke|"
    r"nytt\s+område|nytt\s+utvecklingsområde|tidigare\s+rubrik))\s*:\s*(?P<rest>\S.*)$",
    re.DOTALL,
)


def split_note(text: str) -> tuple[str, str]:
    """(text without a revision prefix, the prefix as a note), e.g. ("Föräldraskap",
    "Ny rubrik")."""
    match = NOTE_PREFIX.match(text)
    if match is None:
        return text.strip(), ""
    return match.group("rest").strip(), " ".join(match.group("note").split())
