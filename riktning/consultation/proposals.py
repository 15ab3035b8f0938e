"""What a comment's proposal may be, checked when it is written (add_comment, update_comment):
the kind fits the part the comment is about (or the whole draft), the fields the kind needs are
given and those it does not use are empty, and a quoted passage occurs exactly once in the part
(quotes.py). Refused with a Swedish message naming the field and the part, nothing written.

Where a proposal that adds a part puts it (`place`), shared with nextversion.py, which applies
the proposals to the next version:

* a section: under an area (last of the area's own parts), or after a section or a goal (among
  its siblings); on the whole draft, last of the document's top-level parts;
* a development area: after an area or a top-level section; on the whole draft, last;
* a goal: under an area (last), or after a goal or a top-level section of an area; with an
  indicator from the catalogue if the proposal names one (a draft without goals can so be given a
  goal and its indicator);
* an indicator link: under a goal (last), or after an indicator link of the goal.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator, Section

from . import quotes
from .constants import ADDING_KINDS, QUOTING_KINDS, ProposalKind

UNDER = "under"
AFTER = "after"
LAST = "last"


def place(kind: str, anchor) -> str:
    """Where a part added by a proposal of `kind` goes relative to `anchor` (None: the whole
    draft): UNDER it (last of its parts), AFTER it (among its siblings), LAST (last of the
    document's top-level parts), or "" when it cannot go there."""
    if kind == ProposalKind.ADD_SECTION:
        if anchor is None:
            return LAST
        if isinstance(anchor, DevelopmentArea):
            return UNDER
        if isinstance(anchor, Section | Goal):
            return AFTER
    elif kind == ProposalKind.ADD_AREA:
        if anchor is None:
            return LAST
        if isinstance(anchor, DevelopmentArea):
            return AFTER
        if isinstance(anchor, Section) and anchor.parent_id is None and anchor.area_id is None:
            return AFTER
    elif kind == ProposalKind.ADD_GOAL:
        if isinstance(anchor, DevelopmentArea):
            return UNDER
        if isinstance(anchor, Goal):
            return AFTER
        if isinstance(anchor, Section) and anchor.area_id is not None and not anchor.parent_id:
            return AFTER
    elif kind == ProposalKind.ADD_INDICATOR:
        if isinstance(anchor, Goal):
            return UNDER
        if isinstance(anchor, GoalIndicator):
            return AFTER
    return ""


def _kind_label(kind: str) -> str:
    return str(ProposalKind(kind).label).lower()


def _where(anchor) -> str:
    return quotes.part_name(anchor) if anchor is not None else _("the whole draft")


def check_proposal(
    *,
    version,
    anchor,
    kind: str,
    replace_text: str,
    replacement: str,
    new_title: str,
    indicator,
) -> None:
    """Refuse (ValidationError keyed by the form's fields) a proposal that cannot be applied to
    `version`, the draft on consultation, as written. `anchor` is the part (None: the whole
    draft)."""
    if kind not in ProposalKind.values:
        raise ValidationError({"proposal_kind": _("Choose what the proposal does.")})
    if (
        kind == ProposalKind.ADD_GOAL
        and isinstance(anchor, DevelopmentArea)
        and anchor.version_id != version.pk
    ):
        raise ValidationError(
            {
                "anchor": _(
                    "A goal can only be added to an area of the draft on consultation "
                    "(“%(draft)s”); the area “%(area)s” belongs to “%(version)s”."
                )
                % {"draft": version.title, "area": anchor.title, "version": anchor.version.title}
            }
        )
    errors: dict[str, str] = {}
    uses_quote = kind in QUOTING_KINDS
    uses_text = kind in (ProposalKind.REPLACE, ProposalKind.INSERT) or kind in ADDING_KINDS
    uses_title = kind in (ProposalKind.ADD_SECTION, ProposalKind.ADD_AREA)
    unused = _("Leave this empty for the chosen proposal (%(kind)s).") % {
        "kind": _kind_label(kind) if kind else _kind_label(ProposalKind.NONE)
    }
    if not uses_quote and replace_text.strip():
        errors["replace_text"] = unused
    if not uses_text and replacement.strip():
        errors["replacement"] = unused
    if not uses_title and new_title.strip():
        errors["new_title"] = unused
    if kind not in (ProposalKind.ADD_INDICATOR, ProposalKind.ADD_GOAL) and indicator is not None:
        errors["indicator"] = unused
    if errors:
        raise ValidationError(errors)
    if not kind:
        return
    if anchor is None and kind not in (ProposalKind.ADD_SECTION, ProposalKind.ADD_AREA):
        raise ValidationError(
            {
                "anchor": _(
                    "The proposal (%(kind)s) is about one part of the draft: choose the part, "
                    "not the whole draft."
                )
                % {"kind": _kind_label(kind)}
            }
        )
    if kind in ADDING_KINDS and not place(kind, anchor):
        raise ValidationError({"anchor": _place_message(kind, anchor)})
    if uses_quote:
        if not replace_text.strip():
            raise ValidationError(
                {
                    "replace_text": _("Quote the passage of “%(part)s” the proposal is about.")
                    % {"part": _where(anchor)}
                }
            )
        _check_passage(anchor, replace_text, kind)
    if kind == ProposalKind.INSERT and not replacement.strip():
        raise ValidationError({"replacement": _("Write the text to insert after the passage.")})
    if kind in (ProposalKind.ADD_SECTION, ProposalKind.ADD_AREA):
        if not new_title.strip():
            raise ValidationError({"new_title": _("Give the new part a title.")})
        if len(new_title.strip()) > 200:
            raise ValidationError({"new_title": _("The title can be at most 200 characters.")})
    if kind == ProposalKind.ADD_SECTION and not replacement.strip():
        raise ValidationError({"replacement": _("Write the text of the new section.")})
    if kind == ProposalKind.ADD_GOAL and not replacement.strip():
        raise ValidationError({"replacement": _("Write the new goal.")})
    if kind == ProposalKind.ADD_INDICATOR:
        if indicator is None:
            raise ValidationError({"indicator": _("Choose the indicator from the catalogue.")})
        goal = anchor if isinstance(anchor, Goal) else anchor.goal
        if goal.indicator_links.filter(indicator=indicator).exists():
            raise ValidationError(
                {
                    "indicator": _("The goal “%(goal)s” already uses the indicator “%(name)s”.")
                    % {"goal": goal.title, "name": indicator.title}
                }
            )


def _place_message(kind: str, anchor) -> str:
    messages = {
        ProposalKind.ADD_SECTION: _(
            "A new section goes under an area or after a section or a goal: “%(part)s” is none "
            "of them."
        ),
        ProposalKind.ADD_AREA: _(
            "A new development area goes after an area or a top-level section, or at the end "
            "of the whole draft: it cannot go after “%(part)s”."
        ),
        ProposalKind.ADD_GOAL: _(
            "A new goal goes under an area or after a goal or a section of an area: choose one "
            "of them, not “%(part)s”."
        ),
        ProposalKind.ADD_INDICATOR: _(
            "An indicator is added to a goal: choose the goal (or one of its indicators), not "
            "“%(part)s”."
        ),
    }
    return messages[kind] % {"part": _where(anchor)}


def _check_passage(anchor, passage: str, kind: str) -> None:
    """The quoted passage must occur exactly once in the part; a passage to insert after that
    occurs more than once asks for more context."""
    count = quotes.occurrences(anchor, passage)
    if count > 1 and kind == ProposalKind.INSERT:
        raise ValidationError(
            {
                "replace_text": _(
                    "The passage occurs %(count)d times in “%(part)s”, so it is not clear after "
                    "which one the text goes. Give more context: quote more of the text around "
                    "it, so that it occurs only once."
                )
                % {"count": count, "part": quotes.part_name(anchor)}
            }
        )
    if count == 0 and kind == ProposalKind.DELETE_TEXT:
        raise ValidationError(
            {
                "replace_text": _(
                    "The passage to delete does not occur in “%(part)s”. Quote it exactly as it "
                    "stands in the text of that part, or pick it from the text."
                )
                % {"part": quotes.part_name(anchor)}
            }
        )
    quotes.check_quote(anchor, passage)
