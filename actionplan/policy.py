"""Who may do what: the one place that answers every "may this user ..." question.

The answer comes from the user's role (the groups named in ``partners.roles``) and the
partnerships they belong to (``PartnershipMembership``):

- officers and plan administrators see and change only the plans of their partnerships,
  with everything in them (measures, actions, updates, imports, exports, PDFs, admin rows);
- a partner user sees the actions and measures of their organisation, in every partnership
  it works with, and no plan pages;
- a superuser is the IT team: they see everything;
- anyone else sees nothing.

What a plan's stage allows (``lifecycle``) is part of the answer: an approved or published
plan's content and targets cannot change, while its actual figures still can.

Pages, querysets (``visible_to``), the admin, spreadsheets and templates (the ``may`` tag in
``actionplan/templatetags/access.py``) all ask here, so they cannot disagree. Django's model
permissions still guard the admin's own pages; they never stand for a role here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Q

from partners import roles

from . import lifecycle

STAFF_ROLES = frozenset({roles.OFFICER, roles.ADMINISTRATOR})


class Ability(StrEnum):
    """The questions the policy answers; each about one plan unless said otherwise."""

    LIST_PLANS = "list_plans"  # no plan: may open the list of plans
    ADD_PLAN = "add_plan"  # no plan: may add a plan to one of their partnerships
    SEE_PLAN = "see_plan"
    EDIT_CONTENT = "edit_content"  # narrative, priorities, themes, actions, outcomes
    EDIT_TARGETS = "edit_targets"  # baselines, targets and their periods
    ENTER_FIGURES = "enter_figures"  # may open the figures page (actuals stay open)
    ENTER_ACTUAL_FIGURES = "enter_actual_figures"
    REVIEW_UPDATES = "review_updates"  # without a plan: in any of their partnerships
    APPROVE = "approve"
    PUBLISH = "publish"
    SEND_BACK_TO_DRAFT = "send_back_to_draft"
    IMPORT = "import"  # without a plan: spreadsheets of any of their partnerships' rows
    EXPORT = "export"
    MANAGE_USERS = "manage_users"  # the plan's partnership; without one: any of theirs


@dataclass(frozen=True)
class Access:
    """What one user is: read once (one query) and kept on the user for the request."""

    user_id: int | None
    is_superuser: bool
    roles: frozenset[str]
    partnership_ids: frozenset[int]
    organisation_id: int | None
    organisation_requires_two_step: bool = False

    @property
    def is_staff_role(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_administrator(self) -> bool:
        return roles.ADMINISTRATOR in self.roles

    def in_partnership(self, partnership_id: int | None) -> bool:
        """An officer or administrator of this partnership, or the IT team."""
        if self.is_superuser:
            return True
        return self.is_staff_role and partnership_id in self.partnership_ids

    @property
    def in_any_partnership(self) -> bool:
        return self.is_superuser or (self.is_staff_role and bool(self.partnership_ids))

    def may(self, ability: Ability | str, plan=None) -> bool:
        ability = Ability(ability)
        if ability is Ability.LIST_PLANS:
            return self.is_superuser or self.is_staff_role
        if plan is None:
            return self._may_anywhere(ability)
        member = self.in_partnership(plan.partnership_id)
        if ability in (Ability.EDIT_CONTENT, Ability.EDIT_TARGETS):
            return member and not lifecycle.content_locked(plan)
        if ability is Ability.SEND_BACK_TO_DRAFT:
            return member and lifecycle.content_locked(plan)
        if ability in (Ability.APPROVE, Ability.PUBLISH, Ability.MANAGE_USERS):
            return member and (self.is_superuser or self.is_administrator)
        return member

    def _may_anywhere(self, ability: Ability) -> bool:
        if ability in (Ability.ADD_PLAN, Ability.REVIEW_UPDATES, Ability.IMPORT, Ability.EXPORT):
            return self.in_any_partnership
        if ability is Ability.MANAGE_USERS:
            return self.is_superuser or (self.is_administrator and bool(self.partnership_ids))
        raise ValueError(f"{ability} is a question about one plan: give the plan.")

    def may_manage_partnership(self, partnership_id: int) -> bool:
        """May add and remove this partnership's members."""
        return self.is_superuser or (
            self.is_administrator and partnership_id in self.partnership_ids
        )


NOBODY = Access(None, False, frozenset(), frozenset(), None)
_CACHE = "_csp_access"


def access_for(user) -> Access:
    """The user's role and partnerships, read once per user object (one request's user)."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    rows = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list(
            "groups__name",
            "partnership_memberships__partnership_id",
            "partner_profile__organisation",
            "partner_profile__organisation__requires_two_step",
        )
    )
    group_names, partnership_ids, organisation_id, requires_two_step = set(), set(), None, False
    for group_name, partnership_id, organisation, organisation_requires in rows:
        group_names.add(group_name)
        partnership_ids.add(partnership_id)
        organisation_id = organisation
        requires_two_step = bool(organisation_requires)
    access = Access(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        roles=frozenset(group_names - {None}),
        partnership_ids=frozenset(partnership_ids - {None}),
        organisation_id=organisation_id,
        organisation_requires_two_step=requires_two_step,
    )
    setattr(user, _CACHE, access)
    return access


def forget(user) -> None:
    """Drop what was read of the user, after their groups or partnerships changed."""
    if user is not None and _CACHE in getattr(user, "__dict__", {}):
        delattr(user, _CACHE)


def partner_organisation_id(user) -> int | None:
    """The organisation a partner user belongs to; None for everyone else."""
    return access_for(user).organisation_id


def may(user, ability: Ability | str, plan=None) -> bool:
    """May this user do this (to this plan)?"""
    return access_for(user).may(ability, plan)


def two_step_required(user) -> bool:
    """Must this user sign in with a second step (a code from their phone)? Everyone who
    can open the administration or works for a partnership (officers, plan administrators,
    the IT team), and partner users of an organisation that requires it. Named in the
    settings as TWO_STEP_REQUIRED: the sign-in package sits below this one."""
    access = access_for(user)
    if access.user_id is None:
        return False
    return (
        access.is_superuser
        or access.is_staff_role
        or bool(getattr(user, "is_staff", False))
        or access.organisation_requires_two_step
    )


# --- Scopes: the rows a user may see, built on one partnership rule --------------------------

# How each kind of row reaches its partnership: through the first of these it has.
_PARENT_FIELDS = ("partnership", "plan", "priority", "measure", "action")


def partnership_lookup(model) -> str:
    """The lookup from a row of this model to its partnership's id, e.g. "plan__partnership"
    for a measure; "pk" for a partnership itself."""
    if model._meta.label == "actionplan.Partnership":
        return "pk"
    for name in _PARENT_FIELDS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one:
            parent = partnership_lookup(field.related_model)
            return name if parent == "pk" else f"{name}__{parent}"
    raise ImproperlyConfigured(f"{model._meta.label} belongs to no partnership.")


def partnership_scope(queryset, user, *, partner: Callable[[int], Q] | None = None):
    """The rows of the queryset in the user's partnerships (all of them for the IT team).

    ``partner(organisation_id)`` is what a partner user sees of these rows (their
    organisation's, in any partnership); without it a partner user sees none. Anyone else
    sees none.
    """
    access = access_for(user)
    if access.is_superuser:
        return queryset
    if access.is_staff_role:
        lookup = partnership_lookup(queryset.model)
        return queryset.filter(**{f"{lookup}__in": access.partnership_ids})
    if access.organisation_id is not None and partner is not None:
        return queryset.filter(partner(access.organisation_id))
    return queryset.none()
