"""Partner organisations, their contacts and the users who belong to them.

Imports nothing of the project: every other app may depend on this one.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from web.text_limits import (
    ADDRESS,
    PHONE,
    TITLE,
    LimitedCharField,
    LimitedEmailField,
    LimitedTextField,
)


class OrganisationManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Organisation(models.Model):
    name = LimitedCharField(
        max_length=TITLE,
        unique=True,
        help_text="The name as the plan prints it, e.g. 'Kent Police'.",
    )
    address = LimitedTextField(
        max_length=ADDRESS,
        blank=True,
        help_text="Postal address, one line per line of the envelope.",
    )
    phone = LimitedCharField("telephone", max_length=PHONE, blank=True)
    email = LimitedEmailField(blank=True)
    website = LimitedCharField(
        max_length=TITLE, blank=True, help_text="As printed, e.g. www.kent.police.uk"
    )
    is_csp_member = models.BooleanField(
        "member of the CSP",
        default=False,
        help_text="Members are listed under 'Membership of the Community Safety "
        "Partnership and contact details'.",
    )
    member_order = models.PositiveSmallIntegerField("order in the membership list", default=0)
    requires_two_step = models.BooleanField(
        "partner users must use two-step sign-in",
        default=False,
        help_text="Its partner users then sign in with a code from their phone as well as "
        "their password, and set it up at their next sign-in.",
    )
    history = HistoricalRecords()

    objects = OrganisationManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class ContactManager(models.Manager):
    def get_by_natural_key(self, organisation_name, name):
        return self.get(organisation__name=organisation_name, name=name)


class Contact(models.Model):
    """A named person to contact at a partner organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contacts"
    )
    name = LimitedCharField(max_length=TITLE)
    job_title = LimitedCharField(max_length=TITLE, blank=True)
    phone = LimitedCharField("telephone", max_length=PHONE, blank=True)
    email = LimitedEmailField(blank=True)
    history = HistoricalRecords()

    objects = ContactManager()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_contact_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def natural_key(self):
        return (*self.organisation.natural_key(), self.name)

    natural_key.dependencies = ["partners.organisation"]


class PartnerProfile(models.Model):
    """Ties a partner user to the one organisation whose actions and measures they see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_profile"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partner_profiles"
    )

    class Meta:
        ordering = ["organisation__name", "user__username"]

    def __str__(self):
        return f"{self.user} – {self.organisation}"
