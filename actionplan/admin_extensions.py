"""Inlines that apps above this one add to its admin pages.

actionplan never imports the apps above it, yet performance shows a plan's and a priority's
measures on their pages. It hands its inlines in here instead of replacing the admin, so each
model keeps the one admin its own app registers, whatever the order of INSTALLED_APPS.
"""

_ADDED: dict[type, list[type]] = {}


def inline_add(model, inline) -> None:
    """Show ``inline`` on ``model``'s admin page, after the page's own inlines."""
    added = _ADDED.setdefault(model, [])
    if inline not in added:
        added.append(inline)


def inlines_added(model) -> list[type]:
    return list(_ADDED.get(model, ()))
