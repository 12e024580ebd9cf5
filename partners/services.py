"""Writes about users and the organisations they belong to."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import Organisation, PartnerProfile


@transaction.atomic
def user_set_up(
    *, username: str, password: str, role: str, organisation: Organisation | None = None
):
    """Create or reset a user in one role; partner users belong to exactly one organisation.

    Officers and administrators see nothing until they belong to a partnership
    (actionplan.services.user_partnerships_set)."""
    if role not in roles.ALL:
        raise ValueError(f"Unknown role {role!r}.")
    if (role == roles.PARTNER) != (organisation is not None):
        raise ValueError("A partner user needs an organisation, and only a partner user has one.")
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.is_staff = role in (roles.OFFICER, roles.ADMINISTRATOR)
    # Superuser is for the IT team only: a plan administrator's powers are their group's.
    user.is_superuser = False
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    if organisation is None:
        PartnerProfile.objects.filter(user=user).delete()
    else:
        PartnerProfile.objects.update_or_create(user=user, defaults={"organisation": organisation})
    return user
