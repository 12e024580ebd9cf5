"""Render stored narrative as HTML: paragraphs, "- " lists, and figure slots filled in.

User text is escaped piece by piece and never passed through the template engine, so
"{{ 7|add:1 }}" in a paragraph prints as it was typed.
"""

from decimal import Decimal

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from actionplan.models import FigureUnit, NarrativeFigure
from actionplan.narrative import paragraphs, split_markers

register = template.Library()


def figure_text(figure: NarrativeFigure) -> str:
    value: Decimal = figure.value
    # 250.00 is stored: the text reads "250", while 12.50 reads "12.5".
    number = f"{value.normalize():,f}"
    return f"{number}%" if figure.unit == FigureUnit.PERCENT else number


def _inline(text: str, figures: dict[str, NarrativeFigure]) -> str:
    pieces = []
    for segment in split_markers(text):
        if segment.label is None:
            pieces.append(escape(segment.text))
            continue
        figure = figures.get(segment.label)
        if figure is not None and figure.value is not None:
            pieces.append(format_html('<span class="figure">{}</span>', figure_text(figure)))
        else:
            pieces.append(
                format_html(
                    '<mark class="missing-figure">[{}: figure missing]</mark>', segment.label
                )
            )
    return "".join(pieces)


@register.filter
def narrative(text: str, figures: dict[str, NarrativeFigure] | None = None):
    """Paragraphs as <p>; a block whose every line starts with "- " as a list."""
    figures = figures or {}
    blocks = []
    for block in paragraphs(text):
        lines = block.splitlines()
        if all(line.lstrip().startswith("- ") for line in lines):
            items = [mark_safe(_inline(line.lstrip()[2:], figures)) for line in lines]  # noqa: S308
            blocks.append(
                format_html(
                    "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items))
                )
            )
        else:
            blocks.append(format_html("<p>{}</p>", mark_safe(_inline(block, figures))))  # noqa: S308
    return mark_safe("".join(blocks))  # noqa: S308 - every piece was escaped above
