"""The analysis text editors write: a little formatting, nothing else. Cleaned with nh3 when
saved and again when shown (page, PDF, Word), so text stored some other way is safe too."""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
BLOCK = re.compile(r"<(p|ul|ol|li)\b", re.IGNORECASE)


def clean_analysis(text: str) -> str:
    """Only p, br, strong, em, ul, ol, li and a[href]; scripts and styles go with their content,
    Word's markup (o:p, spans with styles, conditional comments) goes, its text stays."""
    if not text:
        return ""
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style", "xml", "head", "title"},
    )
    return cleaned.strip()


def analysis_html(text: str) -> str:
    """Cleaned HTML to show; plain text (no block tags) becomes paragraphs."""
    cleaned = clean_analysis(text)
    if not cleaned or BLOCK.search(cleaned):
        return cleaned
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cleaned) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self.lists: list[str] = []
        self.bold = 0
        self.italic = 0
        self.href = None
        self.current = None

    def _block(self, kind: str):
        self.current = {"kind": kind, "runs": []}
        self.blocks.append(self.current)

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._block("p")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self._block(self.lists[-1] if self.lists else "ul")
        elif tag == "br":
            self._text("\n")
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self.current = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "strong":
            self.bold = max(0, self.bold - 1)
        elif tag == "em":
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            if self.href:
                self._text(f" ({self.href})")
            self.href = None

    def handle_data(self, data):
        self._text(data)

    def _text(self, text):
        if self.current is None:
            if not text.strip():
                return
            self._block("p")
        self.current["runs"].append((text, self.bold > 0, self.italic > 0))


def analysis_blocks(text: str) -> list[dict]:
    """The cleaned analysis as blocks for Word: {"kind": "p"|"ul"|"ol", "runs": [(text, bold,
    italic)]}."""
    parser = _Blocks()
    parser.feed(analysis_html(text))
    parser.close()
    return [b for b in parser.blocks if "".join(r[0] for r in b["runs"]).strip()]


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text or "")).strip()
