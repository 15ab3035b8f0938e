"""The proposed tree: what an imported document was read as, before anything is saved.

Parts are kept in the document's reading order: the version's `parts` are its text sections
and its development areas as they follow each other; an area's `parts` are its text
sub-sections ("Om …", "Kartläggning av …") and its goals; a goal holds its indicator links.
`as_json()` gives the shape `riktning document import --dry-run --json` prints.
"""

from dataclasses import dataclass, field


@dataclass
class ProposedLink:
    text: str  # the document's own wording of the indicator
    role: str  # an IndicatorRole: primary, additional or proposed
    catalogue_id: int | None = None
    catalogue_key: str | None = None  # the matched entry's source key, e.g. "N15418"
    catalogue_title: str = ""
    score: float = 0.0  # of the match, 0–100 (100: by the Kolada key written in the text)
    heading: str = ""  # the line before it where it says more than "Indikator"
    note: str = ""  # the paragraphs following it in the document
    written_key: str = ""  # a Kolada key written in the text, matched or not

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "role": str(self.role),
            "catalogue_id": self.catalogue_id,
            "catalogue_key": self.catalogue_key,
            "score": round(self.score, 1),
            "heading": self.heading,
            "note": self.note,
        }


@dataclass
class ProposedGoal:
    text: str
    heading: str = ""  # the line before it where it says more than "Mål"
    note: str = ""  # a revision's prefix taken off its text ("Ny formulering")
    indicators: list[ProposedLink] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "heading": self.heading,
            "note": self.note,
            "indicators": [link.as_json() for link in self.indicators],
        }


@dataclass
class ProposedSection:
    title: str
    text: str = ""
    note: str = ""  # a revision's prefix taken off its title ("Ny rubrik")

    def as_json(self) -> dict:
        return {"title": self.title, "text": self.text}

    def add_text(self, paragraph: str) -> None:
        self.text = f"{self.text}\n\n{paragraph}" if self.text else paragraph


@dataclass
class ProposedArea:
    name: str
    description: str = ""
    note: str = ""  # a revision's prefix taken off its name ("Ny rubrik")
    parts: list["ProposedSection | ProposedGoal"] = field(default_factory=list)

    @property
    def goals(self) -> list[ProposedGoal]:
        return [part for part in self.parts if isinstance(part, ProposedGoal)]

    @property
    def sections(self) -> list[ProposedSection]:
        return [part for part in self.parts if isinstance(part, ProposedSection)]

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "note": self.note,
            "goals": [goal.as_json() for goal in self.goals],
            "sections": [section.as_json() for section in self.sections],
        }


@dataclass
class ProposedTree:
    parts: list["ProposedSection | ProposedArea"] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def sections(self) -> list[ProposedSection]:
        return [part for part in self.parts if isinstance(part, ProposedSection)]

    @property
    def areas(self) -> list[ProposedArea]:
        return [part for part in self.parts if isinstance(part, ProposedArea)]

    @property
    def goals(self) -> list[ProposedGoal]:
        return [goal for area in self.areas for goal in area.goals]

    @property
    def links(self) -> list[ProposedLink]:
        return [link for goal in self.goals for link in goal.indicators]

    def as_json(self) -> dict:
        """{"sections": [{"title", "text"}], "areas": [{"name", "description", "goals": [{"text",
        "indicators": [{"text", "role", "catalogue_id", "catalogue_key", "score"}]}]}],
        "warnings": [...]}, as in issue 13; areas, goals and indicators also carry their `note`,
        goals and indicators the `heading` the document put before them, and areas their own
        text `sections`."""
        return {
            "sections": [section.as_json() for section in self.sections],
            "areas": [area.as_json() for area in self.areas],
            "warnings": list(self.warnings),
        }
