"""The municipality's look: its logo and accent colour from the settings, checked before serving.

`RIKTNING_ACCENT_COLOUR` is the header's background (under white text) and the colour of links
and buttons on the page's white and tinted backgrounds, so it must reach WCAG 2.1 AA's 4.5:1
against each of them. `RIKTNING_LOGO` is a static file (found by Django's static file finders;
`RIKTNING_LOGO_DIR` adds a directory of the municipality's own files). `problems()` says what is
wrong in words; `checks.py` turns that into a system check that refuses to start.
"""

import re

from django.conf import settings
from django.contrib.staticfiles import finders

# The backgrounds the accent colour meets (white text on it; it on white and on the tint).
WHITE = "#ffffff"
TINT = "#f3f5f8"  # --tint in site.css
MIN_CONTRAST = 4.5  # WCAG 2.1 AA, normal text (1.4.3)

DEFAULT_ACCENT = "#0b4f8a"
PLACEHOLDER_LOGO = "riktning/logo-placeholder.svg"

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


def parse_colour(text: str) -> tuple[int, int, int]:
    """`#rgb` or `#rrggbb` as (r, g, b); ValueError for anything else."""
    text = text.strip()
    if not _HEX.match(text):
        raise ValueError(text)
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.1 relative luminance."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((_luminance(parse_colour(a)), _luminance(parse_colour(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darker(colour: str, amount: float = 0.25) -> str:
    """The colour mixed with `amount` black (the hover colour; always more contrast on white)."""
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in parse_colour(colour))


def accent_problems(colour: str) -> list[str]:
    try:
        parse_colour(colour)
    except ValueError:
        return [
            f"RIKTNING_ACCENT_COLOUR={colour!r} is not a colour: give it as #rrggbb, e.g. #0b4f8a."
        ]
    problems = []
    for background, where in ((WHITE, "white text and the white page"), (TINT, "the tinted boxes")):
        ratio = contrast(colour, background)
        if ratio < MIN_CONTRAST:
            problems.append(
                f"RIKTNING_ACCENT_COLOUR={colour} has a contrast of {ratio:.2f}:1 against "
                f"{where} ({background}); WCAG 2.1 AA needs at least {MIN_CONTRAST}:1. "
                "Choose a darker shade."
            )
    return problems


def logo_problems(logo: str) -> list[str]:
    if not logo.lower().endswith(LOGO_SUFFIXES):
        return [f"RIKTNING_LOGO={logo!r} is not an image: use an SVG, PNG, JPEG or WebP file."]
    if finders.find(logo) is None:
        return [
            f"RIKTNING_LOGO={logo!r} is not among the static files: put the file in "
            "RIKTNING_LOGO_DIR and give its name relative to that directory."
        ]
    return []


def problems() -> list[str]:
    """What is wrong with the configured look, in words; empty when it may be served."""
    return accent_problems(settings.RIKTNING_ACCENT_COLOUR) + logo_problems(settings.RIKTNING_LOGO)


def is_placeholder_logo() -> bool:
    return settings.RIKTNING_LOGO == PLACEHOLDER_LOGO
