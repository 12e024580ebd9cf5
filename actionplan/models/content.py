"""The parts of a plan's text: review sections, narrative figures, priorities, their key
partners, themes and outcomes. Every one is named within its plan or priority."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from partners.models import Organisation
from web.text_limits import (
    CODE,
    KEY_PARTNERS,
    OUTCOME,
    PRIORITY_TEXT,
    REVIEW_SECTION,
    TITLE,
    LimitedCharField,
    LimitedSlugField,
    LimitedTextField,
)

from ..narrative_rules import narrative_figure_errors
from .plans import Plan


class PlanChildManager(models.Manager):
    """Natural key lookups for rows that belong to a plan and are named within it."""

    key_field = "title"

    def get_by_natural_key(self, partnership_slug, start_year, key):
        return self.get(
            plan__partnership__slug=partnership_slug,
            plan__start_year=start_year,
            **{self.key_field: key},
        )


class PlanChild(models.Model):
    """Rows that belong to a plan and are named within it (by their manager's key_field)."""

    class Meta:
        abstract = True

    def natural_key(self):
        return (*self.plan.natural_key(), getattr(self, type(self).objects.key_field))

    natural_key.dependencies = ["actionplan.plan"]


class ReviewSectionManager(PlanChildManager):
    key_field = "title"


class ReviewSection(PlanChild):
    """A titled section of 'Review of projects and initiatives'."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="review_sections")
    title = LimitedCharField(max_length=TITLE)
    body = LimitedTextField(
        max_length=REVIEW_SECTION,
        blank=True,
        help_text="Plain paragraphs separated by a blank line. Write a missing figure as "
        "[[label]], naming a narrative figure of this plan.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = ReviewSectionManager()

    class Meta:
        ordering = ["plan", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="unique_review_section_title")
        ]

    def __str__(self):
        return self.title


class FigureUnit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percent"


class NarrativeFigureManager(PlanChildManager):
    key_field = "label"


class NarrativeFigure(PlanChild):
    """A number the narrative refers to by a [[label]] marker, filled in by its owner."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="narrative_figures")
    label = LimitedCharField(
        max_length=TITLE,
        help_text="The name used in the text's marker: [[label]]. Unique within the plan.",
    )
    section = LimitedCharField(
        max_length=TITLE,
        blank=True,
        help_text="Where the figure appears, e.g. 'Tackling burglary'.",
    )
    value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Empty until known.",
    )
    unit = models.CharField(max_length=10, choices=FigureUnit.choices, default=FigureUnit.COUNT)
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="narrative_figures",
        help_text="Who supplies this figure.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = NarrativeFigureManager()

    class Meta:
        ordering = ["plan", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="unique_figure_label_per_plan")
        ]

    def __str__(self):
        return self.label

    def clean(self):
        # The rules live in narrative_rules; run here, every form and writer says them alike.
        errors = narrative_figure_errors(percent=self.unit == FigureUnit.PERCENT, value=self.value)
        if errors:
            raise ValidationError(errors)


class PriorityManager(PlanChildManager):
    key_field = "code"


class Priority(PlanChild):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    code = LimitedSlugField(
        max_length=CODE, help_text="A short code, unique within the plan, e.g. 'asb'."
    )
    title = LimitedCharField(max_length=TITLE)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_priorities",
        verbose_name="lead agency",
    )
    overview = LimitedTextField(max_length=PRIORITY_TEXT, blank=True)
    activities_intro = LimitedTextField(
        "activities: introduction",
        max_length=PRIORITY_TEXT,
        blank=True,
        help_text="Text printed above the list of activities.",
    )
    key_partners = models.ManyToManyField(
        Organisation, through="KeyPartner", related_name="partner_in_priorities", blank=True
    )
    other_key_partners = LimitedCharField(
        max_length=KEY_PARTNERS,
        blank=True,
        help_text="Key partners that are not organisations, e.g. 'members of the ASB Task Group'.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = PriorityManager()

    class Meta:
        ordering = ["plan", "order", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_priority_code_per_plan")
        ]

    def __str__(self):
        return self.title


class PriorityChildManager(models.Manager):
    key_field = "title"

    def get_by_natural_key(self, partnership_slug, start_year, priority_code, key):
        return self.get(
            priority__plan__partnership__slug=partnership_slug,
            priority__plan__start_year=start_year,
            priority__code=priority_code,
            **{self.key_field: key},
        )


class PriorityChild(models.Model):
    """Rows that belong to a priority and are named within it."""

    class Meta:
        abstract = True

    def natural_key(self):
        return (*self.priority.natural_key(), getattr(self, type(self).objects.key_field))

    natural_key.dependencies = ["actionplan.priority"]


class KeyPartnerManager(PriorityChildManager):
    def get_by_natural_key(self, partnership_slug, start_year, priority_code, organisation_name):
        return self.get(
            priority__plan__partnership__slug=partnership_slug,
            priority__plan__start_year=start_year,
            priority__code=priority_code,
            organisation__name=organisation_name,
        )


class KeyPartner(models.Model):
    """An organisation named among a priority's key partners, in the document's order."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = KeyPartnerManager()

    class Meta:
        ordering = ["priority", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "organisation"], name="unique_key_partner_per_priority"
            )
        ]

    def __str__(self):
        return str(self.organisation)

    def natural_key(self):
        return (*self.priority.natural_key(), self.organisation.name)

    natural_key.dependencies = ["actionplan.priority", "partners.organisation"]


class ThemeManager(PriorityChildManager):
    key_field = "title"


class Theme(PriorityChild):
    """A key theme within a priority; actions may be grouped under one."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="themes")
    title = LimitedCharField(max_length=TITLE)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = ThemeManager()

    class Meta:
        ordering = ["priority", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "title"], name="unique_theme_per_priority")
        ]

    def __str__(self):
        return self.title


class OutcomeManager(PriorityChildManager):
    key_field = "number"


class Outcome(PriorityChild):
    """An intended outcome of a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="outcomes")
    number = models.PositiveSmallIntegerField(help_text="Sets the order within the priority.")
    text = LimitedTextField(max_length=OUTCOME)
    history = HistoricalRecords()

    objects = OutcomeManager()

    class Meta:
        ordering = ["priority", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "number"], name="unique_outcome_number_per_priority"
            )
        ]

    def __str__(self):
        return self.text
