"""Quotes in text proposals, checked as they are written: the passage a proposal replaces must
occur exactly once in the text of the part of the draft the comment is about, so that "create the
next version" (nextversion.py) can apply it. A quote not found, or found more than once, is
refused when the comment is saved, with a message naming the part (not only much later, when the
next version is made). Also the part's text as sentences, for picking the passage on the form.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The text fields of each kind of part a comment can be about, in the order they are searched.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "section": ("heading", "body"),
    "area": ("title", "description"),
    "goal": ("title", "note"),
    "goal_indicator": ("proposal", "note"),
}


def _lines(text: str) -> str:
    return (text or "").replace("\r\n", "\n")


KINDS = {
    "Section": "section",
    "DevelopmentArea": "area",
    "Goal": "goal",
    "GoalIndicator": "goal_indicator",
}
# A sentence ends at . ! ? or : followed by white space, or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?:])[ \t]+|\n+")


def part_kind(part) -> str:
    return KINDS[type(part).__name__]


def part_name(part) -> str:
    """How the part is called in messages: its heading or title (an indicator link: its goal and
    indicator)."""
    kind = part_kind(part)
    if kind == "goal_indicator":
        return f"{part.goal.title}: {part}"
    return str(getattr(part, "heading", "") or part)


def part_texts(part) -> dict[str, str]:
    """The part's searched text fields, line endings as "\\n"."""
    return {name: _lines(getattr(part, name, "") or "") for name in TEXT_FIELDS[part_kind(part)]}


def occurrences(part, passage: str) -> int:
    passage = _lines(passage)
    return sum(text.count(passage) for text in part_texts(part).values())


def check_quote(part, passage: str, *, field: str = "replace_text") -> None:
    """Refuse (ValidationError on `field`) a quoted passage that does not occur exactly once in
    the part's text. An empty passage is no quote and passes."""
    if not (passage or "").strip():
        return
    count = occurrences(part, passage)
    if count == 0:
        raise ValidationError(
            {
                field: _(
                    "The quoted passage does not occur in “%(part)s”. Quote it exactly as it "
                    "stands in the text of that part, or pick it from the text."
                )
                % {"part": part_name(part)}
            }
        )
    if count > 1:
        raise ValidationError(
            {
                field: _(
                    "The quoted passage occurs %(count)d times in “%(part)s”. Quote more of the "
                    "text around it, so that it occurs only once."
                )
                % {"count": count, "part": part_name(part)}
            }
        )


def sentences(part) -> list[str]:
    """The part's text as sentences, each occurring exactly once in the part (so that each can be
    picked as a quote that will be accepted), in reading order."""
    found = []
    for text in part_texts(part).values():
        for sentence in SENTENCE_END.split(text):
            sentence = sentence.strip()
            if sentence and sentence not in found and occurrences(part, sentence) == 1:
                found.append(sentence)
    return found
