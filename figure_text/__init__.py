"""Figures as people type them and as the portal prints them: one parser, one formatter.

Pure Python with no Django and nothing of the project, so the figures page, the partner
form, spreadsheets, pages, the PDF and narrative slots can all use it and never disagree.
"""

from .formatting import figure_as_typed, format_figure, places_needed, round_half_up
from .parsing import (
    ENTER_A_NUMBER,
    LARGEST_FIGURE,
    STORED_PLACES,
    TOO_LARGE,
    TOO_MANY_PLACES,
    FigureError,
    figure_from_number,
    parse_figure,
    parse_printed_figure,
    too_large,
)

__all__ = [
    "ENTER_A_NUMBER",
    "LARGEST_FIGURE",
    "STORED_PLACES",
    "TOO_LARGE",
    "TOO_MANY_PLACES",
    "FigureError",
    "figure_as_typed",
    "figure_from_number",
    "format_figure",
    "parse_figure",
    "parse_printed_figure",
    "places_needed",
    "too_large",
    "round_half_up",
]
