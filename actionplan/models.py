"""The plan as a document: partnership, plan, narrative, priorities and their actions.

May use ``partners``; never imports ``performance`` (measures live there and point here).
Every model has a natural key so the seed fixture loads into a database with other data.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partners.models import Organisation


class PartnershipManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Partnership(models.Model):
    name = models.CharField(
        max_length=200,
        unique=True,
        help_text="e.g. Tonbridge and Malling Community Safety Partnership",
    )
    short_name = models.CharField(
        max_length=100, help_text="Used in file names and headings, e.g. Tonbridge and Malling CSP"
    )
    slug = models.SlugField(
        unique=True, help_text="Begins every exported file name, e.g. tonbridge-and-malling-csp"
    )
    phone = models.CharField("telephone", max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.CharField(max_length=200, blank=True)
    police_force = models.CharField(
        max_length=100,
        blank=True,
        help_text="The police force or division whose targets the plan adopts, "
        "e.g. West Kent Police.",
    )
    alternative_formats_notice = models.TextField(
        blank=True,
        help_text="The notice offering the plan in other formats (Braille, large print...).",
    )
    history = HistoricalRecords()

    objects = PartnershipManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class PlanManager(models.Manager):
    def get_by_natural_key(self, partnership_slug, start_year):
        return self.get(partnership__slug=partnership_slug, start_year=start_year)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="plans")
    start_year = models.PositiveSmallIntegerField(
        help_text="The year the plan starts: 2012 for the 2012 - 2013 plan."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True)
    key_successes_text = models.TextField(
        "key successes", blank=True, help_text="The text above the key successes table."
    )
    review_intro = models.TextField("review of projects and initiatives: introduction", blank=True)
    priority_issues_text = models.TextField("priority issues", blank=True)
    police_targets_intro = models.TextField("police targets: introduction", blank=True)
    police_targets_outcome = models.CharField(
        "police targets: outcome",
        max_length=200,
        blank=True,
        help_text="Heads the first column of the police targets table, e.g. 'Outcome – "
        "reducing crime and effectively dealing with anti-social behaviour'.",
    )
    action_plan_intro = models.TextField("action plan: introduction", blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approval_note = models.TextField(
        blank=True,
        editable=False,
        help_text="Why the plan was approved while figures were still missing.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = PlanManager()

    NARRATIVE_FIELDS = (
        "introduction",
        "key_successes_text",
        "review_intro",
        "priority_issues_text",
        "police_targets_intro",
        "police_targets_outcome",
        "action_plan_intro",
    )

    class Meta:
        ordering = ["partnership__name", "-start_year"]
        permissions = [("approve_plan", "Can approve and publish a plan")]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "start_year"], name="one_plan_per_partnership_year"
            )
        ]

    def __str__(self):
        return f"{self.partnership.short_name} {self.title} ({self.get_status_display()})"

    def natural_key(self):
        return (*self.partnership.natural_key(), self.start_year)

    natural_key.dependencies = ["actionplan.partnership"]

    @property
    def period_label(self) -> str:
        """'2012 - 2013', as the document's title writes it."""
        return f"{self.start_year} - {self.start_year + 1}"

    @property
    def short_period(self) -> str:
        """'2012/13', as the document's tables write it."""
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]}"

    @property
    def title(self) -> str:
        return f"Annual Action Plan {self.period_label}"

    def previous_plan(self):
        return Plan.objects.filter(
            partnership_id=self.partnership_id, start_year=self.start_year - 1
        ).first()


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
    title = models.CharField(max_length=200)
    body = models.TextField(
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
    label = models.CharField(
        max_length=200,
        help_text="The name used in the text's marker: [[label]]. Unique within the plan.",
    )
    section = models.CharField(
        max_length=200, blank=True, help_text="Where the figure appears, e.g. 'Tackling burglary'."
    )
    value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="A figure in the text cannot be negative.")],
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


class PriorityManager(PlanChildManager):
    key_field = "code"


class Priority(PlanChild):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    code = models.SlugField(
        max_length=20, help_text="A short code, unique within the plan, e.g. 'asb'."
    )
    title = models.CharField(max_length=200)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_priorities",
        verbose_name="lead agency",
    )
    overview = models.TextField(blank=True)
    activities_intro = models.TextField(
        "activities: introduction",
        blank=True,
        help_text="Text printed above the list of activities.",
    )
    key_partners = models.ManyToManyField(
        Organisation, through="KeyPartner", related_name="partner_in_priorities", blank=True
    )
    other_key_partners = models.CharField(
        max_length=300,
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
    title = models.CharField(max_length=200)
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


def partner_organisation_id(user) -> int | None:
    """The organisation a partner user belongs to; None for everyone else."""
    profile = getattr(user, "partner_profile", None) if user.is_authenticated else None
    return profile.organisation_id if profile else None


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which actions a user may see.

        Officers and administrators (who may view actions) see all; a partner user sees the
        actions their organisation leads or supports; anyone else sees none.
        """
        queryset = self.select_related("priority__plan__partnership", "theme", "lead_organisation")
        if user.is_authenticated and user.has_perm("actionplan.view_action"):
            return queryset
        organisation_id = partner_organisation_id(user)
        if organisation_id is None:
            return queryset.none()
        supported = Action.supporting_organisations.through.objects.filter(
            organisation_id=organisation_id
        ).values("action_id")
        return queryset.filter(Q(lead_organisation_id=organisation_id) | Q(pk__in=supported))


class ActionManager(PriorityChildManager.from_queryset(ActionQuerySet)):
    key_field = "number"


class Action(PriorityChild):
    """An activity the partnership commits to under a priority."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DELAYED = "delayed", "Delayed"
        COMPLETED = "completed", "Completed"

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text="Optional: the key theme of the priority this action belongs to.",
    )
    number = models.PositiveSmallIntegerField(
        help_text="Numbers the action within its priority and sets its order."
    )
    description = models.TextField()
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_actions",
        help_text="The organisation responsible for delivering the action.",
    )
    supporting_organisations = models.ManyToManyField(
        Organisation, related_name="supported_actions", blank=True
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress_note = models.TextField(blank=True, help_text="The latest progress, in plain words.")
    history = HistoricalRecords(m2m_fields=[supporting_organisations])

    objects = ActionManager()

    class Meta:
        ordering = ["priority", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "number"], name="unique_action_number_per_priority"
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.description[:80]}"

    @property
    def reference(self) -> str:
        return f"{self.priority.code.upper()}-{self.number}"

    def clean(self):
        if self.theme_id and self.priority_id and self.theme.priority_id != self.priority_id:
            raise ValidationError({"theme": "Choose a theme of the same priority as the action."})


class OutcomeManager(PriorityChildManager):
    key_field = "number"


class Outcome(PriorityChild):
    """An intended outcome of a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="outcomes")
    number = models.PositiveSmallIntegerField(help_text="Sets the order within the priority.")
    text = models.TextField()
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


class ActionUpdate(models.Model):
    """A progress report on an action, from a partner or an officer."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The author's organisation when they reported; empty for officers.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    note = models.TextField("progress", help_text="What has been done since the last report.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action.reference} – {self.get_status_display()} ({self.created_at:%d %b %Y})"
