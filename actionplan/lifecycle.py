"""What may change in a plan at each stage of its life: draft, approved, published.

A draft is open to every change. Approval locks the plan's content (narrative, priorities,
themes, actions, outcomes, narrative figures) and its measures' targets and baselines; what
partners report through the year (actual figures, and an action's status and progress) still
arrives on an approved or published plan. Any other change needs the plan sent back to
draft first, with a reason, which also withdraws publication until it is approved again.

Every path that writes plan content (pages, the admin, imports, accepted partner figures)
asks these functions, so the rule is written once.
"""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS

from .models import Plan


def content_locked(plan: Plan) -> bool:
    """True once the plan is approved or published: its content and targets are settled."""
    return plan.status != Plan.Status.DRAFT


def locked_message(plan: Plan) -> str:
    """Why a change to an approved or published plan was refused, and what to do instead."""
    return (
        f"The {plan.title} is {plan.get_status_display().lower()}, so its content and "
        "targets cannot change. Send it back to draft, with a reason, to change them."
    )


# An action's status and progress note are the partners' reports through the year, like a
# measure's actual figure (performance.figure_rules.FIELDS_OPEN_AFTER_APPROVAL).
ACTION_FIELDS_OPEN_AFTER_APPROVAL = ("status", "progress_note")


def locked_errors(
    plan: Plan, *, changed: Iterable[str] = (), open_fields: Iterable[str] = (), adding=False
) -> dict[str, str]:
    """Field name -> why, for each change the plan's stage refuses; empty when none.

    On an approved or published plan a new row (`adding`) is refused, and so is a change to
    any of the `changed` fields but the `open_fields`.
    """
    if not content_locked(plan):
        return {}
    message = locked_message(plan)
    if adding:
        return {NON_FIELD_ERRORS: message}
    open_fields = set(open_fields)
    return {name: message for name in changed if name not in open_fields}
