"""Measures in the admin, and the measures inlines added to the plan and priority pages.

actionplan never imports performance, so the measures inlines are handed to the plan and
priority admins (actionplan.admin_extensions) rather than the admins being replaced.
"""

from django.contrib import admin
from django.utils.html import format_html_join

from actionplan.admin_extensions import inline_add
from actionplan.admin_lifecycle import LifecycleAdmin
from actionplan.admin_scope import PartnershipScopedAdmin
from actionplan.admin_versions import (
    RefusableModelForm,
    VersionedAdminMixin,
    VersionedInlineMixin,
    VersionedModelForm,
)
from actionplan.models import Plan, Priority
from spreadsheets.admin import SpreadsheetAdminMixin
from web.admin_ids import HistoryAdmin
from web.figure_field import FigureFieldsAdmin

from .admin_forms import (
    FigureInlineFormSet,
    MeasureInlineFormSet,
    PriorityMeasureFormSet,
    measures_write,
)
from .figure_rules import FIELDS_OPEN_AFTER_APPROVAL
from .models import Measure, MeasureFigure
from .period_resources import FiguresByPeriodResource
from .resources import MeasureFiguresResource

FIGURE_FIELDS = [
    ("baseline_value", "baseline_period"),
    ("target_value", "target_period", "target_text"),
    ("actual_value", "actual_period"),
]

RESULT_FIELDS = [
    "change_display",
    "target_change_display",
    "status_display",
    "rag_word",
    "flag_list",
]


class PriorityMeasureInline(
    LifecycleAdmin, FigureFieldsAdmin, VersionedInlineMixin, admin.StackedInline
):
    model = Measure
    lifecycle_open_fields = FIELDS_OPEN_AFTER_APPROVAL
    form = VersionedModelForm
    formset = PriorityMeasureFormSet
    extra = 0
    fk_name = "priority"
    fields = [
        "seen_version",
        ("reference", "order", "category"),
        "label",
        ("unit", "direction", "decimal_places"),
        ("source", "responsible_organisation"),
        *FIGURE_FIELDS,
    ]
    autocomplete_fields = ["responsible_organisation"]
    verbose_name = "performance measure"


class PlanMeasureInline(PriorityMeasureInline):
    """Partnership and police targets belong to the whole plan, not to a priority."""

    formset = MeasureInlineFormSet
    fk_name = "plan"
    verbose_name = "partnership or police target"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(priority__isnull=True)


inline_add(Plan, PlanMeasureInline)
inline_add(Priority, PriorityMeasureInline)


class MeasureFigureInline(
    LifecycleAdmin, FigureFieldsAdmin, VersionedInlineMixin, admin.TabularInline
):
    """The measure's series, row by row: officers add a quarter's figure, or correct one, here.
    On an approved or published plan the rows are read-only: the year's actual is entered in
    the measure's own actual fields (or reported by its partner), as before approval."""

    model = MeasureFigure
    form = RefusableModelForm
    formset = FigureInlineFormSet
    extra = 0
    fields = [
        "what",
        "period_label",
        "value",
        "state",
        "note",
        "source",
        "reported_change",
        "reported_change_kind",
        "reported_basis",
        "recorded",
        "entered",
    ]
    readonly_fields = ["recorded", "entered"]
    verbose_name = "figure by period"
    verbose_name_plural = "figures by period"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("measure__plan", "entered_by")

    @admin.display(description="rating as recorded")
    def recorded(self, figure):
        if not figure.recorded_status:
            return None
        rag = f" ({figure.get_recorded_rag_display()})" if figure.recorded_rag else ""
        return f"{figure.get_recorded_status_display()}{rag}"

    @admin.display(description="entered")
    def entered(self, figure):
        who = figure.entered_by.get_username() if figure.entered_by else ""
        when = f"{figure.entered_at:%-d %b %Y}" if figure.entered_at else ""
        return " ".join(part for part in (who, when) if part) or None


@admin.register(Measure)
class MeasureAdmin(
    LifecycleAdmin,
    FigureFieldsAdmin,
    PartnershipScopedAdmin,
    VersionedAdminMixin,
    SpreadsheetAdminMixin,
    HistoryAdmin,
):
    form = VersionedModelForm
    lifecycle_open_fields = FIELDS_OPEN_AFTER_APPROVAL
    spreadsheet_resource = MeasureFiguresResource
    # The headline figures one row per measure, or the series one row per measure and period.
    spreadsheet_resources = (MeasureFiguresResource, FiguresByPeriodResource)
    list_display = [
        "reference",
        "short_label",
        "category",
        "baseline_value",
        "target_value",
        "actual_value",
        "change_display",
        "status_display",
        "rag_word",
        "responsible_organisation",
        "plan",
    ]
    list_filter = ["plan", "category", "unit", "direction", "responsible_organisation"]
    search_fields = ["reference", "label", "source", "target_text"]
    list_select_related = ["plan__partnership", "responsible_organisation"]
    autocomplete_fields = ["responsible_organisation"]
    ordering = ["plan", "category", "priority__order", "order"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "seen_version",
                    "plan",
                    "priority",
                    ("reference", "order", "category"),
                    "label",
                ]
            },
        ),
        (
            "How it is measured",
            {
                "fields": [
                    ("unit", "direction", "decimal_places"),
                    "source",
                    "responsible_organisation",
                ]
            },
        ),
        ("Figures", {"fields": FIGURE_FIELDS}),
    ]
    # What the figures add up to, read from the measure itself; shown once it is saved.
    readonly_fields = RESULT_FIELDS
    inlines = [MeasureFigureInline]

    def get_inlines(self, request, obj):
        # A new measure's series starts from its figures above; rows are added once it exists.
        return self.inlines if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, ("Results (computed from the figures)", {"fields": RESULT_FIELDS})]

    def save_model(self, request, obj, form, change):
        measures_write([form], acting_user=request.user)

    @admin.display(description="measure")
    def short_label(self, measure):
        return measure.label[:100]

    @admin.display(description="change achieved")
    def change_display(self, measure):
        return measure.change.display

    @admin.display(description="target change")
    def target_change_display(self, measure):
        return measure.target_change.display

    @admin.display(description="status")
    def status_display(self, measure):
        return measure.status_display

    @admin.display(description="RAG")
    def rag_word(self, measure):
        # None shows as the admin's empty value: there is nothing to judge yet.
        return measure.rag.capitalize() if measure.rag else None

    @admin.display(description="checks")
    def flag_list(self, measure):
        if not measure.flags:
            return "None"
        return format_html_join("", "<p>Check: {}</p>", ((flag,) for flag in measure.flags))
