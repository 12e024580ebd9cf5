"""Render stored narrative as HTML: paragraphs, "- " lists, and figure slots filled in.

User text is escaped piece by piece and never passed through the template engine, so
"{{ 7|add:1 }}" in a paragraph prints as it was typed.
"""

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from actionplan.models import NarrativeFigure
from actionplan.narrative import paragraphs, split_markers
from figure_text import format_figure, places_needed

register = template.Library()


def slot_text(figure: NarrativeFigure) -> str:
    # A slot has no precision of its own: 250.00 is stored, the text reads "250", and 12.50
    # reads "12.5".
    value = figure.value
    return format_figure(value, unit=figure.unit, places=places_needed(value))


def _joined(pieces) -> SafeString:
    # format_html_join keeps already-escaped pieces as they are and escapes anything else.
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _inline(text: str, figures: dict[str, NarrativeFigure]) -> SafeString:
    pieces = []
    for segment in split_markers(text):
        if segment.label is None:
            pieces.append(escape(segment.text))
            continue
        figure = figures.get(segment.label)
        if figure is not None and figure.value is not None:
            pieces.append(format_html('<span class="figure">{}</span>', slot_text(figure)))
        else:
            pieces.append(
                format_html(
                    '<mark class="missing-figure">[{}: figure missing]</mark>', segment.label
                )
            )
    return _joined(pieces)


@register.filter
def narrative(text: str, figures: dict[str, NarrativeFigure] | None = None) -> SafeString:
    """Paragraphs as <p>; a block whose every line starts with "- " as a list."""
    figures = figures or {}
    blocks = []
    for block in paragraphs(text):
        lines = block.splitlines()
        if all(line.lstrip().startswith("- ") for line in lines):
            items = ((_inline(line.lstrip()[2:], figures),) for line in lines)
            blocks.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items)))
        else:
            blocks.append(format_html("<p>{}</p>", _inline(block, figures)))
    return _joined(blocks)
