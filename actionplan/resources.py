"""Spreadsheet columns for the plan's actions (see the spreadsheets package for what all share)."""

import re

from django.core.exceptions import ValidationError
from import_export.fields import Field

from partners.resources import OrganisationListWidget, OrganisationWidget
from spreadsheets.columns import (
    SMALL_INTEGER,
    ChoiceWidget,
    TextWidget,
    WholeNumberWidget,
    cell_text,
)
from spreadsheets.resources import SpreadsheetResource

from .lifecycle import (
    ACTION_FIELDS_OPEN_AFTER_APPROVAL,
    content_locked,
    locked_errors,
    locked_message,
)
from .models import Action, Priority, Theme
from .policy import partnership_scope

# "2012", or the plan's period as the document writes it: "2012/13", "2012 - 2013".
_PLAN_YEAR = re.compile(r"(\d{4})(\s*(/|-)\s*\d{2,4})?")


class PlanYearWidget(WholeNumberWidget):
    """The year a plan starts: 2012 for the 2012 - 2013 plan."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return super().clean(value)
        text = cell_text(value)
        match = _PLAN_YEAR.fullmatch(text)
        if text and not match:
            raise ValueError(f'"{text}" is not a plan year: give the year it starts, e.g. 2012')
        return int(match.group(1)) if match else None


class ThemeWidget(TextWidget):
    """A theme by its title, among the themes of the row's priority."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.resource = None
        self._themes = None

    def clean(self, value, row=None, **kwargs):
        title = cell_text(value)
        if not title:
            return None
        slug, year, code, _ = self.resource.row_key(row)
        if self._themes is None:
            self._themes = {
                (
                    t.priority.plan.partnership.slug,
                    t.priority.plan.start_year,
                    t.priority.code,
                    t.title,
                ): t
                for t in partnership_scope(
                    Theme.objects.select_related("priority__plan__partnership"), self.resource.user
                )
            }
        try:
            return self._themes[slug, year, code, title]
        except KeyError:
            raise ValueError(
                f'Priority "{code}" of the {year} plan has no theme "{title}"'
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.title if value is not None else ""


class ActionResource(SpreadsheetResource):
    partnership = Field(
        attribute="priority__plan__partnership__slug",
        column_name="Partnership",
        widget=TextWidget(),
        readonly=True,
    )
    plan_year = Field(
        attribute="priority__plan__start_year",
        column_name="Plan year",
        widget=PlanYearWidget(),
        readonly=True,
    )
    priority = Field(
        attribute="priority__code", column_name="Priority", widget=TextWidget(), readonly=True
    )
    number = Field(
        attribute="number",
        column_name="Number",
        widget=WholeNumberWidget(largest=SMALL_INTEGER),
        readonly=True,
    )
    theme = Field(attribute="theme", column_name="Theme", widget=ThemeWidget())
    description = Field(attribute="description", column_name="Description", widget=TextWidget())
    lead_organisation = Field(
        attribute="lead_organisation",
        column_name="Lead organisation",
        widget=OrganisationWidget(),
    )
    supporting_organisations = Field(
        attribute="supporting_organisations",
        column_name="Supporting organisations",
        widget=OrganisationListWidget(),
    )
    status = Field(
        attribute="status", column_name="Status", widget=ChoiceWidget(Action.Status.choices)
    )
    progress_note = Field(attribute="progress_note", column_name="Progress", widget=TextWidget())

    key_fields = ("partnership", "plan_year", "priority", "number")
    select_related = ("priority__plan__partnership", "theme", "lead_organisation")
    prefetch_related = ("supporting_organisations",)

    class Meta(SpreadsheetResource.Meta):
        model = Action
        fields = (
            "partnership",
            "plan_year",
            "priority",
            "number",
            "theme",
            "description",
            "lead_organisation",
            "supporting_organisations",
            "status",
            "progress_note",
        )
        import_id_fields = ("partnership", "plan_year", "priority", "number")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["theme"].widget.resource = self
        self._priorities = None

    def scoped_queryset(self):
        return Action.objects.visible_to(self.user)

    def describe_key(self, key):
        slug, year, code, number = key
        return f"action {code.upper()}-{number} of the {year} plan"

    def new_instance(self, key):
        slug, year, code, number = key
        if self._priorities is None:
            self._priorities = {
                (p.plan.partnership.slug, p.plan.start_year, p.code): p
                for p in partnership_scope(
                    Priority.objects.select_related("plan__partnership"), self.user
                )
            }
        priority = self._priorities.get((slug, year, code))
        if priority is None:
            raise ValidationError(
                {"priority__code": f'The {year} plan of {slug} has no priority "{code}"'}
            )
        if content_locked(priority.plan):
            raise ValidationError({"priority__code": locked_message(priority.plan)})
        return Action(priority=priority, number=number)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # On an approved or published plan a row may change only the partners' reporting.
        errors = dict(import_validation_errors or {})
        if instance.pk is not None:
            changed = {column for column, _, _ in self._row_changes}
            locked = locked_errors(
                instance.priority.plan,
                changed=[f.attribute for f in self.writable_fields() if f.column_name in changed],
                open_fields=ACTION_FIELDS_OPEN_AFTER_APPROVAL,
            )
            for attribute, message in locked.items():
                errors.setdefault(attribute, []).append(message)
        super().validate_instance(instance, errors, validate_unique)
