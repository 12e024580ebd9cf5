"""A backup restores to identical data, on SQLite and PostgreSQL alike."""

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from actionplan.models import Action, Plan
from datastore.management.commands.backup_data import dump_all
from performance.models import Measure

pytestmark = pytest.mark.django_db(transaction=True)


def test_restore_gives_back_identical_data(demo_users, tmp_path):
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    measure.actual_value, measure.actual_period = 634, "2011/12"
    measure.save()  # a history row too
    before = json.loads(dump_all())
    backup = tmp_path / "backup.json"
    call_command("backup_data", "--output", str(backup), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    assert not Plan.objects.exists()
    call_command("restore_data", str(backup), stdout=io.StringIO())

    assert json.loads(dump_all()) == before
    assert Measure.objects.get(reference="KS5", plan__start_year=2011).actual_value == 634
    # The seed plan's 20 actions and the second partnership's 2 (the demo data has both).
    assert (
        Action.objects.filter(priority__plan__partnership__slug="tonbridge-and-malling-csp").count()
        == 20
    )
    assert Action.objects.count() == 20 + 2


def test_restore_keeps_times_to_the_microsecond(seed_plan, tmp_path):
    # Django's own JSON cuts 10:00:00.000500 to 10:00:00.000, which loads back as 10:00:00:
    # one time in a thousand came back different, and the round trip above failed by chance.
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    history = measure.history.latest()
    when = datetime(2026, 12, 3, 10, 0, 0, 500, tzinfo=UTC)
    type(history).objects.filter(pk=history.pk).update(history_date=when)
    before = json.loads(dump_all())
    backup = tmp_path / "backup.json"
    call_command("backup_data", "--output", str(backup), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", str(backup), stdout=io.StringIO())

    assert measure.history.get(pk=history.pk).history_date == when
    assert json.loads(dump_all()) == before


def test_restore_refuses_a_database_that_holds_plans_unless_told_to_replace(seed_plan, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup_data", "--output", str(backup), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds plans"):
        call_command("restore_data", str(backup))
    Plan.objects.filter(start_year=2012).update(status="approved")
    call_command("restore_data", str(backup), "--replace", stdout=io.StringIO())
    assert Plan.objects.get(start_year=2012).status == "draft"


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("this is not json")
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore_data", str(bad))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("restore_data", str(tmp_path / "missing.json"))


def test_backup_never_overwrites_an_existing_file(db, tmp_path):
    existing = tmp_path / "backup.json"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_data", "--output", str(existing))
    assert existing.read_text() == "keep me"
