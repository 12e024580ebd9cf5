"""The plan as a document: partnership, plan, narrative, priorities and their actions.

May use ``partners``; never imports ``performance`` (measures live there and point here).
Every model has a natural key so the seed fixture loads into a database with other data.
"""

from .actions import Action, ActionUpdate, led_or_supported_by
from .content import (
    FigureUnit,
    KeyPartner,
    NarrativeFigure,
    Outcome,
    PlanChild,
    PlanChildManager,
    Priority,
    PriorityChild,
    PriorityChildManager,
    ReviewSection,
    Theme,
)
from .plans import Partnership, PartnershipMembership, Plan

__all__ = [
    "Action",
    "ActionUpdate",
    "FigureUnit",
    "KeyPartner",
    "NarrativeFigure",
    "Outcome",
    "Partnership",
    "PartnershipMembership",
    "Plan",
    "PlanChild",
    "PlanChildManager",
    "Priority",
    "PriorityChild",
    "PriorityChildManager",
    "ReviewSection",
    "Theme",
    "led_or_supported_by",
]
