"""Template helpers that print a measure's stored figures; they compute nothing."""

from django import template

register = template.Library()

FIGURES = ("baseline", "target", "actual")


@register.filter
def figure(measure, name: str) -> str:
    """`{{ measure|figure:"baseline" }}`: the figure as printed ('102,904', '76.2%'), or ''."""
    if name not in FIGURES:
        raise template.TemplateSyntaxError(f"figure expects one of {FIGURES}, not {name!r}.")
    return measure.formatted(getattr(measure, f"{name}_value"))
