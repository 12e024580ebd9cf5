"""No address of the administration answers a server error for an id that could not be one.

Every URL pattern the admin site has, each model's included, is sent each malformed value in
each of its path arguments (the others real), signed in as the IT team, who may see every
page. The test client raises the view's exception, so a 500 fails the test with its cause.
"""

import re
from contextlib import suppress
from urllib.parse import unquote

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, URLPattern, URLResolver, resolve, reverse
from django.urls.exceptions import Resolver404

MALFORMED = ["1'", "1%27", "abc", "%00", "9" * 30, "-1", "1.5", "%20"]

# Placeholders reversed into a pattern's address, then replaced by the value sent: letters
# where the pattern takes any text, digits where it takes only a number.
WORD_MARK, DIGIT_MARK = "zqxarg{}", "8642097531{}"


def patterns(urls):
    """Every named pattern under `urls`, those of the included model admins too."""
    for entry in urls:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def address_template(name: str, arguments: int) -> tuple[str, list[str]] | None:
    """The pattern's address with a placeholder in each argument, and the placeholders."""
    for mark in (WORD_MARK, DIGIT_MARK):
        marks = [mark.format(i) for i in range(arguments)]
        try:
            return reverse(f"admin:{name}", args=marks), marks
        except NoReverseMatch:
            continue
    return None


def real_arguments(name: str, arguments: int) -> list[str]:
    """A real object's id (and its first history id) for the model the pattern belongs to."""
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(label):
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                return ["1"] * arguments
            history = getattr(obj, "history", None)
            version = history.order_by("history_id").first() if history is not None else None
            ids = [str(obj.pk), str(version.history_id if version else 1)]
            return ids[:arguments]
    return ["1"] * arguments


def malformed_addresses() -> list[tuple[str, str]]:
    """(pattern name, address) for each pattern with arguments and each malformed value."""
    sent = []
    for pattern in patterns(admin.site.get_urls()):
        arguments = re.compile(pattern.pattern.regex.pattern).groups
        if not arguments:
            continue
        template = address_template(pattern.name, arguments)
        if template is None:  # a pattern limited to fixed words, such as the app labels
            continue
        address, marks = template
        real = real_arguments(pattern.name, arguments)
        for position in range(arguments):
            for value in MALFORMED:
                url = address
                for i, mark in enumerate(marks):
                    url = url.replace(mark, value if i == position else real[i])
                sent.append((pattern.name, url))
    return sent


@pytest.fixture
def it_team(client, seed_plan):
    user = get_user_model().objects.create_superuser("it-team", password="it-team-ids-2012")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_no_admin_address_answers_a_server_error_for_a_malformed_id(it_team):
    sent = malformed_addresses()
    names = {name for name, _ in sent}
    # The sweep reaches every kind of page that takes an id, so a renamed URL cannot shrink it.
    assert {
        "performance_measure_change",
        "performance_measure_history",
        "performance_measure_simple_history",
        "actionplan_plan_simple_history",
        "partners_organisation_simple_history",
        "actionplan_partnershipmembership_simple_history",
        "auth_user_password_change",
        "view_on_site",
    } <= names
    failures, reached = [], 0
    for name, url in sent:
        try:
            status = it_team.get(url).status_code
        except Exception as error:  # the test client hands on the view's exception
            failures.append(f"{url} ({name}) raised {type(error).__name__}: {error}")
            continue
        if status not in {301, 302, 404}:
            failures.append(f"{url} ({name}) answered {status}")
        with suppress(Resolver404):
            resolve(unquote(url))
            reached += 1
    assert not failures, f"{len(failures)} of {len(sent)} addresses fail:\n" + "\n".join(failures)
    # Most malformed ids get past the address's own pattern and into a view.
    assert reached > len(sent) / 2
