"""Figures by period as a spreadsheet: one row per measure, what (baseline, target, actual) and
period, beside the one row per measure of `resources.MeasureFiguresResource`.

A row is found by its measure (Partnership, Plan year, Reference), What and Period, the period
by its dates as the parser reads the label with the partnership's year start, so "Q2 2012/13"
and "July to September 2012" are the same row (it keeps the label it is stored under). A row
whose figure is not held adds it; a row left blank (no value, no state but Provided, no words)
adds nothing, so a file of one period's due measures can come back partly filled in. A file
never removes a figure. Rows that write are refused, each with its own message, when the
period cannot be read, lies outside the plan year (for an actual or a target; a baseline may
be for any period ending by the plan year's end), gives a rate (a percentage) for a year to
date, or repeats a measure's figure for a period; and when the import is told the one period
it takes (`period`), for any other period. Every row is written by the bulk writer of series
rows (`services.figure_imports`), all or none.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from import_export.fields import Field

from actionplan.models import Partnership, Plan
from actionplan.resources import PlanYearWidget
from periods import Period, parse_period
from spreadsheets.columns import ChoiceWidget, NumberWidget, TextWidget
from spreadsheets.files import MEGABYTE, Limits
from spreadsheets.resources import SpreadsheetResource

from .models import Measure, MeasureFigure
from .period_rules import period_error, unreadable_period
from .plan_periods import plan_period
from .resources import measure_not_found
from .services import StaleMeasures
from .services.figure_imports import FigureImportRefused, FigureRowEdit, figure_rows_import

What, State = MeasureFigure.What, MeasureFigure.State
PERIOD_ASKED = "give year, q1 to q4, a month (june) or a label (Q2 2012/13)"
NO_VALUE = (
    "Enter the figure, or say in State why there is none (Not yet available, Not applicable "
    "or Lagged); an import never removes a figure"
)
# The words beside a figure: a row with none of them and no value adds nothing.
WORDS = ("note", "reported_change", "reported_change_kind", "reported_basis")
# Filled by the portal, never from a file.
NOT_FROM_THE_FILE = [
    "measure",
    "what",
    "period_start",
    "period_end",
    "period_kind",
    "source",
    "entered_by",
    "entered_at",
    "recorded_status",
    "recorded_rag",
]


def repeated_row(first: int, reference: str, what: str, label: str) -> str:
    return (
        f"Row {first} already gives the {what.lower()} of {reference} for this period "
        f"({label}): a file gives each measure's figure for a period once"
    )


def not_the_period(label: str, wanted: Period, asked: str) -> str:
    return (
        f"{label} is not {wanted.label}, the only period this import takes (--period {asked}): "
        "leave the other periods' rows out"
    )


def period_asked(plan: Plan, asked: str) -> Period | None:
    """The period `asked` names in the plan's year: a word of the figures page ("q2", "year",
    "june") or a label the parser reads ("Q2 2012/13"); None when it names none."""
    named = plan_period(plan, asked.strip().lower())
    if named is not None:
        return named.period
    return parse_period(asked, plan.partnership.year_start_month)


class FiguresByPeriodResource(SpreadsheetResource):
    partnership = Field(
        attribute="measure__plan__partnership__slug",
        column_name="Partnership",
        widget=TextWidget(),
        readonly=True,
    )
    plan_year = Field(
        attribute="measure__plan__start_year",
        column_name="Plan year",
        widget=PlanYearWidget(),
        readonly=True,
    )
    reference = Field(
        attribute="measure__reference", column_name="Reference", widget=TextWidget(), readonly=True
    )
    label = Field(
        attribute="measure__label", column_name="Measure", widget=TextWidget(), readonly=True
    )
    period = Field(
        attribute="period_label", column_name="Period", widget=TextWidget(), readonly=True
    )
    what = Field(
        attribute="what",
        column_name="What",
        widget=ChoiceWidget(What.choices),
        readonly=True,
    )
    value = Field(attribute="value", column_name="Value", widget=NumberWidget())
    state = Field(attribute="state", column_name="State", widget=ChoiceWidget(State.choices))
    note = Field(attribute="note", column_name="Note", widget=TextWidget())
    reported_change = Field(
        attribute="reported_change", column_name="Reported change", widget=TextWidget()
    )
    reported_change_kind = Field(
        attribute="reported_change_kind",
        column_name="Reported change is",
        widget=ChoiceWidget(MeasureFigure.ChangeKind.choices),
    )
    reported_basis = Field(
        attribute="reported_basis", column_name="Reported basis", widget=TextWidget()
    )
    unit = Field(column_name="Unit", readonly=True)
    responsible_organisation = Field(column_name="Responsible organisation", readonly=True)
    period_read_as = Field(column_name="Period read as", readonly=True)

    key_fields = ("partnership", "plan_year", "reference", "what", "period")
    select_related = ("measure__plan__partnership", "measure__responsible_organisation")
    # Five years of a partnership's months: 500 measures reported monthly are 30,000 rows.
    limits = Limits(rows=50_000, file_bytes=12 * MEGABYTE, unzipped_bytes=80 * MEGABYTE)

    class Meta(SpreadsheetResource.Meta):
        model = MeasureFigure
        name = "Figures by period"
        fields = (
            "partnership",
            "plan_year",
            "reference",
            "label",
            "period",
            "what",
            "value",
            "state",
            "note",
            "reported_change",
            "reported_change_kind",
            "reported_basis",
            "unit",
            "responsible_organisation",
            "period_read_as",
        )
        import_id_fields = ("partnership", "plan_year", "reference", "what", "period")
        # Rows are written together by the bulk writer once all are read, with their history;
        # no row writes on its own, so none needs a savepoint of its own either.
        use_bulk = True

    def __init__(self, *, period: str = "", **kwargs):
        super().__init__(**kwargs)
        #: The one period the import takes, as its command was told it; "" for any.
        self.only_period = period
        self._edits: list[FigureRowEdit] = []
        self._year_starts: dict[str, int] | None = None
        self._periods: dict[tuple[str, int], Period | None] = {}
        self._measures: dict[tuple, Measure] = {}
        self._by_label: dict[tuple, MeasureFigure] = {}
        self._period_row = self._period_key = self._row_period = None
        self._row_label = ""

    @classmethod
    def verbose_name_plural(cls) -> str:
        return "figures by period"

    def scoped_queryset(self):
        return MeasureFigure.objects.filter(measure__in=Measure.objects.visible_to(self.user))

    # Finding rows: the measure by its natural key, the figure by what and the period's dates.

    def _year_start(self, slug: str) -> int | None:
        if self._year_starts is None:
            self._year_starts = dict(Partnership.objects.values_list("slug", "year_start_month"))
        return self._year_starts.get(slug)

    def _read(self, label: str, slug: str) -> Period | None:
        year_start = self._year_start(slug)
        if year_start is None:
            return None
        cache_key = (label, year_start)
        if cache_key not in self._periods:
            self._periods[cache_key] = parse_period(label, year_start)
        return self._periods[cache_key]

    def row_key(self, row) -> tuple:
        if row is self._period_row:
            return self._period_key
        slug, year, reference, what, label = super().row_key(row)
        period = self._read(label, slug)
        when = (period.start, period.end) if period else (None, label.casefold())
        self._period_row, self._period_key = row, (slug, year, reference, what, *when)
        self._row_period, self._row_label = period, label
        return self._period_key

    def existing_instances(self, keys: set[tuple]) -> dict[tuple, object]:
        if not keys:
            return {}
        measures = Measure.objects.visible_to(self.user).filter(
            plan__partnership__slug__in={key[0] for key in keys},
            plan__start_year__in={key[1] for key in keys},
            reference__in={key[2] for key in keys},
        )
        self._measures = {
            (m.plan.partnership.slug, m.plan.start_year, m.reference): m for m in measures
        }
        by_pk = {measure.pk: (key, measure) for key, measure in self._measures.items()}
        by_dates = {}
        for figure in self.get_queryset().filter(measure_id__in=list(by_pk)):
            key, figure.measure = by_pk[figure.measure_id]
            self._by_label[(*key, figure.what, figure.period_label.casefold())] = figure
            if figure.period_start is not None:
                # Of two rows for the same dates, the file's label picks (see get_or_init).
                dates = (figure.period_start, figure.period_end)
                by_dates.setdefault((*key, figure.what, *dates), figure)
        return by_dates

    def get_or_init_instance(self, instance_loader, row):
        slug, year, reference, what, *_ = self.row_key(row)
        held = self._by_label.get((slug, year, reference, what, self._row_label.casefold()))
        if held is not None:
            return held, False
        return super().get_or_init_instance(instance_loader, row)

    def new_instance(self, key: tuple):
        measure = self._measures.get(key[:3])
        if measure is None:
            raise ValidationError(self.not_found_errors(key))
        return MeasureFigure(
            measure=measure, what=key[3], period_label=self._row_label, source=measure.source
        )

    def not_found_errors(self, key: tuple) -> dict[str, str]:
        return measure_not_found(self.user, *key[:3], prefix="measure__")

    def describe_key(self, key: tuple) -> str:
        slug, year, reference, what, *_ = key
        return f"{reference} {What(what).label.lower()} {self._row_label} of the {year} plan"

    def before_import_row(self, row, **kwargs):
        slug, year, reference, what, *_ = key = self.row_key(row)
        here = self.sheet_row(kwargs["row_number"])
        first = self._seen_keys.setdefault(key, here)
        if first != here:
            raise ValidationError(
                {"period_label": repeated_row(first, reference, What(what).label, self._row_label)}
            )
        year_start = self._year_start(slug)
        if not self.only_period or year_start is None:
            return  # an unknown partnership is named as such by the row's measure
        plan = Plan(partnership=Partnership(year_start_month=year_start), start_year=year)
        wanted = period_asked(plan, self.only_period)
        if wanted is None:
            raise ValidationError(
                {"period_label": f"--period {self.only_period} names no period: {PERIOD_ASKED}"}
            )
        if self._row_period is None:
            raise ValidationError({"period_label": unreadable_period(self._row_label)})
        if (wanted.start, wanted.end) != (self._row_period.start, self._row_period.end):
            raise ValidationError(
                {"period_label": not_the_period(self._row_label, wanted, self.only_period)}
            )

    # Checking: only rows that write are checked, so an unchanged export always imports.

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            instance.state = instance.state or State.PROVIDED

    def skip_row(self, instance, original, row, import_validation_errors=None):
        blank = instance.value is None and instance.state == State.PROVIDED
        blank = blank and not any(getattr(instance, name) for name in WORDS)
        if instance.pk is None and not import_validation_errors and blank:
            self._row_changes = []
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        period_error = self._period_error(instance)
        if period_error:
            errors.setdefault("period_label", period_error)
        had_value = instance.pk is None or self._original.get("value") is not None
        if instance.state == State.PROVIDED and instance.value is None and had_value:
            errors.setdefault("value", NO_VALUE)
        # The figure's own checks (lengths, choices, a printed change, the state and its
        # value); the rules of its measure are the writer's. No query a row.
        try:
            instance.clean_fields(exclude=[*NOT_FROM_THE_FILE, *errors])
            instance.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, messages)
        if errors:
            raise ValidationError(errors)

    def _period_error(self, instance) -> str | None:
        return period_error(instance.measure, instance.what, self._row_label, self._row_period)

    # Saving: every row together, by the bulk writer, once all are read. A preview goes through
    # it too, inside the transaction that is then rolled back, so it refuses what the import
    # would.

    def save_instance(self, instance, is_create, row, **kwargs):
        self._edits.append(
            FigureRowEdit(
                measure=instance.measure, seen_version=instance.measure.version, figure=instance
            )
        )

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # A file with a refused row is not written, nor is its write tried: the writer's own
        # refusals would be rolled back with it.
        if not self._edits or result.has_validation_errors() or result.has_errors():
            return
        rows = {id(row.instance): row for row in result.rows if row.instance is not None}
        try:
            figure_rows_import(
                edits=self._edits,
                acting_user=self.user,
                reason=self.change_reason,
                lock=self.lock,  # a preview reads without locking (see SpreadsheetResource)
            )
        except FigureImportRefused as refused:
            for index, errors in refused.by_edit.items():
                rows[id(self._edits[index].figure)].validation_error = ValidationError(errors)
        except StaleMeasures as stale:
            first = {}
            for edit in self._edits:
                first.setdefault(edit.measure.pk, edit.figure)
            for conflict in stale.conflicts:
                rows[id(first[conflict.current.pk])].validation_error = ValidationError(
                    f"{conflict.message} Import the file again once you have checked it"
                )

    # Export

    def filter_export(self, queryset, **kwargs):
        """The series of the measures listed (the admin's list of measures exports them)."""
        if isinstance(queryset, QuerySet) and queryset.model is Measure:
            queryset = MeasureFigure.objects.filter(measure__in=queryset).order_by(
                "measure__plan__start_year", "measure__reference", "what", "period_end", "pk"
            )
        return super().filter_export(queryset, **kwargs)

    def dehydrate_value(self, figure):
        shown = figure.measure.printed(figure.value)
        return "" if shown is None else shown

    def dehydrate_unit(self, figure):
        return figure.measure.get_unit_display()

    def dehydrate_responsible_organisation(self, figure):
        organisation = figure.measure.responsible_organisation
        return organisation.name if organisation else ""

    def dehydrate_period_read_as(self, figure):
        if figure.period_start is None:
            return "not read: the portal cannot compare it"
        return (
            f"{figure.period_start:%-d %B %Y} to {figure.period_end:%-d %B %Y} "
            f"({figure.period_kind})"
        )
