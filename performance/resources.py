"""Spreadsheet columns for measures' figures (see the spreadsheets package for what all share).

A figures file updates the six figure columns of measures that already exist; every other
column is there to be read. The change and the status are computed, as everywhere else, by
the measure itself.
"""

from copy import copy

from django.core.exceptions import ValidationError
from import_export.fields import Field

from actionplan.models import Partnership, Plan
from actionplan.resources import PlanYearWidget
from partners.resources import OrganisationWidget
from spreadsheets.columns import ChoiceWidget, NumberWidget, TextWidget
from spreadsheets.resources import SpreadsheetResource

from .models import Measure
from .services import MeasureEdit, MeasureRulesBroken, StaleMeasures, measure_edits_save


def measure_not_found(user, slug, year, reference, *, prefix="") -> dict[str, str]:
    """Why no measure the user may change has this natural key, by the field to blame."""
    if not Partnership.objects.filter(slug=slug).exists():
        return {f"{prefix}plan__partnership__slug": f'There is no partnership "{slug}"'}
    plans = Plan.objects.visible_to(user)
    if not plans.filter(partnership__slug=slug, start_year=year).exists():
        return {f"{prefix}plan__start_year": f"{slug} has no plan starting in {year}"}
    # Also what a user is told of a measure outside their scope: it is not theirs.
    return {
        f"{prefix}reference": f'The {year} plan has no measure "{reference}" that you may '
        "change. A figures file only updates existing measures: add new ones in the admin"
    }


class MeasureFiguresResource(SpreadsheetResource):
    partnership = Field(
        attribute="plan__partnership__slug",
        column_name="Partnership",
        widget=TextWidget(),
        readonly=True,
    )
    plan_year = Field(
        attribute="plan__start_year",
        column_name="Plan year",
        widget=PlanYearWidget(),
        readonly=True,
    )
    reference = Field(
        attribute="reference", column_name="Reference", widget=TextWidget(), readonly=True
    )
    label = Field(attribute="label", column_name="Measure", widget=TextWidget(), readonly=True)
    unit = Field(
        attribute="unit",
        column_name="Unit",
        widget=ChoiceWidget(Measure.Unit.choices),
        readonly=True,
    )
    responsible_organisation = Field(
        attribute="responsible_organisation",
        column_name="Responsible organisation",
        widget=OrganisationWidget(),
        readonly=True,
    )
    baseline = Field(attribute="baseline_value", column_name="Baseline", widget=NumberWidget())
    baseline_period = Field(
        attribute="baseline_period", column_name="Baseline period", widget=TextWidget()
    )
    target = Field(attribute="target_value", column_name="Target", widget=NumberWidget())
    target_period = Field(
        attribute="target_period", column_name="Target period", widget=TextWidget()
    )
    actual = Field(attribute="actual_value", column_name="Actual", widget=NumberWidget())
    actual_period = Field(
        attribute="actual_period", column_name="Actual period", widget=TextWidget()
    )
    change = Field(column_name="Change", readonly=True)
    status = Field(column_name="Status", readonly=True)

    key_fields = ("partnership", "plan_year", "reference")
    creates = False
    select_related = ("plan__partnership", "priority", "responsible_organisation")

    class Meta(SpreadsheetResource.Meta):
        model = Measure
        name = "Figures of measures"
        fields = (
            "partnership",
            "plan_year",
            "reference",
            "label",
            "unit",
            "responsible_organisation",
            "baseline",
            "baseline_period",
            "target",
            "target_period",
            "actual",
            "actual_period",
            "change",
            "status",
        )
        import_id_fields = ("partnership", "plan_year", "reference")

    def scoped_queryset(self):
        return Measure.objects.visible_to(self.user)

    def describe_key(self, key):
        slug, year, reference = key
        return f"{reference} of the {year} plan"

    def not_found_errors(self, key):
        return measure_not_found(self.user, *key)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._edits = []

    # The rows are saved together by the one writer of measures, once every row has been
    # read: it checks each measure's rules, refuses a measure saved by someone else since it
    # was read, moves the versions on and records the history, all or nothing. A preview
    # (dry run) goes through it too, inside the transaction that is then rolled back, so it
    # refuses exactly what the import would.

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Only the cells that could not be read: the writer checks the measure itself.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        stored = copy(instance)
        for name, value in self._original.items():
            setattr(stored, name, value)
        self._edits.append(
            MeasureEdit(
                measure=stored,
                seen_version=instance.version,
                values={name: getattr(instance, name) for name in self.update_fields()},
            )
        )

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not self._edits:
            return
        rows = {row.instance.pk: row for row in result.rows if row.instance is not None}
        try:
            measure_edits_save(edits=self._edits, acting_user=self.user, reason=self.change_reason)
        except MeasureRulesBroken as broken:
            for index, errors in broken.by_edit.items():
                rows[self._edits[index].measure.pk].validation_error = ValidationError(errors)
        except StaleMeasures as stale:
            for conflict in stale.conflicts:
                rows[conflict.current.pk].validation_error = ValidationError(
                    f"{conflict.message} Import the file again once you have checked it"
                )

    # Numbers go out at the measure's own precision (646, not 646.00).

    def dehydrate_baseline(self, measure):
        return "" if measure.baseline is None else measure.baseline

    def dehydrate_target(self, measure):
        return "" if measure.target is None else measure.target

    def dehydrate_actual(self, measure):
        return "" if measure.actual is None else measure.actual

    def dehydrate_change(self, measure):
        return measure.change.display

    def dehydrate_status(self, measure):
        return measure.status_display
