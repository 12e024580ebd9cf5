"""Figure slots in narrative text.

The draft plan leaves blanks in its prose ("the Group dealt with ... young people"). The
portal stores such a blank as a marker naming a NarrativeFigure, e.g.
"dealt with [[young people dealt with]] young people". The marker is parsed here, by the
application itself: user text is never run through the template engine.
"""

import re
from dataclasses import dataclass

MARKER_RE = re.compile(r"\[\[([^\[\]]+?)\]\]")


@dataclass(frozen=True)
class Segment:
    """A run of plain text, or (when ``label`` is set) one figure slot."""

    text: str = ""
    label: str | None = None


def figure_labels_in(text: str) -> list[str]:
    """Every figure label the text refers to, in order of appearance."""
    return [match.group(1).strip() for match in MARKER_RE.finditer(text or "")]


def split_markers(text: str) -> list[Segment]:
    segments: list[Segment] = []
    position = 0
    for match in MARKER_RE.finditer(text or ""):
        if match.start() > position:
            segments.append(Segment(text=text[position : match.start()]))
        segments.append(Segment(label=match.group(1).strip()))
        position = match.end()
    if position < len(text or ""):
        segments.append(Segment(text=text[position:]))
    return segments


def paragraphs(text: str) -> list[str]:
    """Narrative is stored as plain paragraphs separated by blank lines."""
    return [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]
