"""How the export commands are told which plan, for whom, and where to write it.

A command exports only what its user may see (actionplan.policy), as the pages do: there is
no "everything" export without a user.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from actionplan.models import Plan


def add_plan_arguments(parser, *, user_help: str) -> None:
    parser.add_argument("--year", type=int, required=True, help="The plan's start year.")
    parser.add_argument(
        "--partnership",
        help="The partnership's slug; needed only when several partnerships have a plan "
        "for that year.",
    )
    parser.add_argument("--user", required=True, help=user_help)


def acting_user_named(username: str):
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"There is no user {username!r}.") from None


def plan_chosen(*, acting_user, year: int, partnership: str | None) -> Plan:
    """The one plan starting in `year` (of `partnership`, if named) the user may see."""
    plans = Plan.objects.visible_to(acting_user).select_related("partnership")
    plans = plans.filter(start_year=year)
    if partnership:
        plans = plans.filter(partnership__slug=partnership)
    found = list(plans[:2])
    if not found:
        raise CommandError(
            f"There is no plan starting in {year} that {acting_user.get_username()} may see."
        )
    if len(found) > 1:
        raise CommandError(
            f"Several partnerships have a plan starting in {year}: name one with --partnership."
        )
    return found[0]


def file_written(path: Path, content: bytes) -> Path:
    try:
        path.write_bytes(content)
    except OSError as error:
        raise CommandError(f"Could not write {path}: {error.strerror}.") from None
    return path
