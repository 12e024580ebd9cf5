"""Spreadsheet columns for measures' figures (see partners.resources for what all share).

A figures file updates the six figure columns of measures that already exist; every other
column is there to be read. The change and the status are computed, as everywhere else, by
the measure itself.
"""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from actionplan.models import Partnership, Plan
from actionplan.resources import PlanYearWidget
from partners.resources import (
    ChoiceWidget,
    NumberWidget,
    OrganisationWidget,
    SpreadsheetResource,
    TextWidget,
)

from .models import Measure


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
        return Measure.objects.visible_to(self.user) if self.user else Measure.objects.all()

    def describe_key(self, key):
        slug, year, reference = key
        return f"{reference} of the {year} plan"

    def not_found_errors(self, key):
        slug, year, reference = key
        if not Partnership.objects.filter(slug=slug).exists():
            return {"plan__partnership__slug": f'There is no partnership "{slug}"'}
        if not Plan.objects.filter(partnership__slug=slug, start_year=year).exists():
            return {"plan__start_year": f"{slug} has no plan starting in {year}"}
        # Also what a user is told of a measure outside their scope: it is not theirs.
        return {
            "reference": f'The {year} plan has no measure "{reference}" that you may change. '
            "A figures file only updates existing measures: add new ones in the admin"
        }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._written = []

    def save_update(self, instance):
        # As the figures page saves (services.plan_figures_save): one UPDATE that writes
        # only while the row is still at the version read, and bumps it, so the page's
        # stale check catches an import; the history rows follow in one INSERT.
        values = {name: getattr(instance, name) for name in self.update_fields()}
        if not Measure.objects.write_figures_if_current(
            pk=instance.pk, version=instance.version, values=values
        ):
            raise ValidationError(
                "Someone saved this measure while the file was being imported: import it again"
            )
        instance.version += 1
        self._written.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._written:
            Measure.history.bulk_history_create(self._written, update=True)

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
