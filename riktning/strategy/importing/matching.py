"""Matching an indicator line of a document to the indicator catalogue.

By the Kolada key where the line writes one (N15418, U09800): that entry, score 100. Otherwise
by similar wording, with rapidfuzz's `token_sort_ratio` (0–100; the words compared in sorted
order after lower-casing and dropping punctuation, so "flickor och pojkar" is "pojkar och
flickor"), against every catalogue entry's title and against the wording earlier versions of
the same document used for their links. A line whose best score is below MATCH_THRESHOLD is
matched to nothing: it becomes a proposed indicator, to be developed, and its closest entry is
named in a warning. `token_sort_ratio` rather than rapidfuzz's WRatio or token_set_ratio: those
score a line that merely contains a catalogue title's words (or shares "Andel pojkar och
flickor som …" with it) at 85–100, which would link different measures.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

# Below this score a line is not taken as the catalogue entry (docs/document-import.md).
MATCH_THRESHOLD = 80.0
# A second entry this close to the best one is named in a warning.
AMBIGUITY_MARGIN = 3.0
KOLADA_KEY = re.compile(r"\b([NU]\d{5})\b")


@dataclass(frozen=True)
class Entry:
    id: int
    key: str  # the source key ("N15418"), "" for none
    title: str


@dataclass(frozen=True)
class Match:
    entry: Entry | None
    score: float
    written_key: str = ""  # a Kolada key written in the line
    closest: Entry | None = None  # the best entry, matched or not
    runner_up: Entry | None = None  # a second entry within AMBIGUITY_MARGIN of a match


def normalise(text: str) -> str:
    return default_process(KOLADA_KEY.sub(" ", text))


class Matcher:
    """The catalogue (and the wording of earlier versions' links) ready for matching many lines.

    `earlier` pairs a wording used in an earlier version with the entry its link pointed to;
    such a wording matched at least as well as a catalogue title wins: the document's own
    history says what it meant."""

    def __init__(
        self,
        entries: list[Entry],
        earlier: list[tuple[str, Entry]] = (),
        threshold: float = MATCH_THRESHOLD,
    ):
        self.threshold = threshold
        self.entries = list(entries)
        self.by_key = {entry.key.upper(): entry for entry in self.entries if entry.key}
        self.choices = [normalise(entry.title) for entry in self.entries]
        self.earlier = [(normalise(text), entry) for text, entry in earlier if text.strip()]

    def match(self, text: str) -> Match:
        keys = KOLADA_KEY.findall(text)
        for key in keys:
            if key in self.by_key:
                return Match(self.by_key[key], 100.0, written_key=key, closest=self.by_key[key])
        written = keys[0] if keys else ""
        query = normalise(text)
        if not query:
            return Match(None, 0.0, written_key=written)
        best, score, runner_up = None, 0.0, None
        if self.choices:
            found = process.extract(query, self.choices, scorer=fuzz.token_sort_ratio, limit=2)
            if found:
                best, score = self.entries[found[0][2]], found[0][1]
                if len(found) > 1 and found[1][1] >= max(score - AMBIGUITY_MARGIN, self.threshold):
                    runner_up = self.entries[found[1][2]]
        if self.earlier:
            wording = process.extractOne(
                query, [text for text, _ in self.earlier], scorer=fuzz.token_sort_ratio
            )
            if wording and wording[1] >= score and wording[1] >= self.threshold:
                earlier_entry = self.earlier[wording[2]][1]
                if earlier_entry != best:
                    runner_up = None
                best, score = earlier_entry, wording[1]
        if best is not None and score >= self.threshold:
            return Match(best, score, written_key=written, closest=best, runner_up=runner_up)
        return Match(None, score, written_key=written, closest=best)

    def search(self, query: str, limit: int = 12) -> list[Entry]:
        """The entries a person searching the catalogue for `query` (words of a title, or a
        key) most likely means, best first: an entry whose key is in the query, then by
        rapidfuzz's WRatio, which also scores a few words found inside a long title."""
        found = [
            self.by_key[key] for key in KOLADA_KEY.findall(query.upper()) if key in self.by_key
        ]
        text = normalise(query)
        if text and self.choices:
            ranked = process.extract(text, self.choices, scorer=fuzz.WRatio, limit=limit)
            found.extend(self.entries[index] for _, score, index in ranked if score > 0)
        return list(dict.fromkeys(found))[:limit]
