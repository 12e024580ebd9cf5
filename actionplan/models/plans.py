"""Partnerships, who belongs to them, and their plans: the top of the document."""

import calendar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from periods import FINANCIAL_YEAR_START
from web.text_limits import (
    DESCRIPTION,
    NARRATIVE_SECTION,
    PHONE,
    REASON,
    SHORT_NAME,
    SLUG,
    TITLE,
    LimitedCharField,
    LimitedEmailField,
    LimitedSlugField,
    LimitedTextField,
)


class PartnershipManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Partnership(models.Model):
    name = LimitedCharField(
        max_length=TITLE,
        unique=True,
        help_text="e.g. Tonbridge and Malling Community Safety Partnership",
    )
    short_name = LimitedCharField(
        max_length=SHORT_NAME,
        help_text="Used in file names and headings, e.g. Tonbridge and Malling CSP",
    )
    slug = LimitedSlugField(
        max_length=SLUG,
        unique=True,
        help_text="Begins every exported file name, e.g. tonbridge-and-malling-csp",
    )
    phone = LimitedCharField("telephone", max_length=PHONE, blank=True)
    email = LimitedEmailField(blank=True)
    website = LimitedCharField(max_length=TITLE, blank=True)
    police_force = LimitedCharField(
        max_length=SHORT_NAME,
        blank=True,
        help_text="The police force or division whose targets the plan adopts, "
        "e.g. West Kent Police.",
    )
    year_start_month = models.PositiveSmallIntegerField(
        "year starts in",
        choices=[(number, month) for number, month in enumerate(calendar.month_name) if number],
        default=FINANCIAL_YEAR_START,
        help_text="The month the partnership's year starts: it decides what '2012/13' and "
        "the quarters mean (April, the financial year, unless the partnership says otherwise).",
    )
    alternative_formats_notice = LimitedTextField(
        max_length=DESCRIPTION,
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


class PartnershipMembership(models.Model):
    """An officer or plan administrator belongs to a partnership: they see and change its
    plans and nothing of other partnerships'. Their role is their group (partners.roles)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="one_membership_per_user_and_partnership"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.partnership}"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plans a user may see: their partnerships' (see actionplan.policy)."""
        from actionplan import policy  # it reads these models: imported when first asked

        return policy.partnership_scope(self.select_related("partnership"), user)


class PlanManager(models.Manager.from_queryset(PlanQuerySet)):
    def get_by_natural_key(self, partnership_slug, start_year):
        return self.get(partnership__slug=partnership_slug, start_year=start_year)


def _stage_taken_by():
    """Who moved the plan on to a stage (approved, published, sent back): recorded by
    performance.approval, never typed in a form."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )


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
    introduction = LimitedTextField(max_length=NARRATIVE_SECTION, blank=True)
    key_successes_text = LimitedTextField(
        "key successes",
        max_length=NARRATIVE_SECTION,
        blank=True,
        help_text="The text above the key successes table.",
    )
    review_intro = LimitedTextField(
        "review of projects and initiatives: introduction",
        max_length=NARRATIVE_SECTION,
        blank=True,
    )
    priority_issues_text = LimitedTextField(
        "priority issues", max_length=NARRATIVE_SECTION, blank=True
    )
    police_targets_intro = LimitedTextField(
        "police targets: introduction", max_length=NARRATIVE_SECTION, blank=True
    )
    police_targets_outcome = LimitedCharField(
        "police targets: outcome",
        max_length=TITLE,
        blank=True,
        help_text="Heads the first column of the police targets table, e.g. 'Outcome – "
        "reducing crime and effectively dealing with anti-social behaviour'.",
    )
    action_plan_intro = LimitedTextField(
        "action plan: introduction", max_length=NARRATIVE_SECTION, blank=True
    )
    approved_by = _stage_taken_by()
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approval_note = LimitedTextField(
        "reason for approving with gaps",
        max_length=REASON,
        blank=True,
        editable=False,
        help_text="Why the plan was approved while figures were still missing.",
    )
    published_by = _stage_taken_by()
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    returned_to_draft_by = _stage_taken_by()
    returned_to_draft_at = models.DateTimeField(null=True, blank=True, editable=False)
    return_to_draft_reason = LimitedTextField(
        "reason for sending the plan back to draft",
        max_length=REASON,
        blank=True,
        editable=False,
        help_text="Why an approved or published plan was last sent back to draft.",
    )
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
