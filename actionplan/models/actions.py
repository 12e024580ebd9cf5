"""The activities a plan commits to, and the progress reported on them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partners.models import Organisation
from web.text_limits import DESCRIPTION, PROGRESS_NOTE, LimitedTextField

from .content import Priority, PriorityChild, PriorityChildManager, Theme


def led_or_supported_by(organisation_id: int) -> Q:
    supported = Action.supporting_organisations.through.objects.filter(
        organisation_id=organisation_id
    ).values("action_id")
    return Q(lead_organisation_id=organisation_id) | Q(pk__in=supported)


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The actions a user may see (see actionplan.policy): officers and administrators
        their partnerships'; a partner user those their organisation leads or supports."""
        from actionplan import policy  # it reads these models: imported when first asked

        queryset = self.select_related("priority__plan__partnership", "theme", "lead_organisation")
        return policy.partnership_scope(queryset, user, partner=led_or_supported_by)


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
    description = LimitedTextField(max_length=DESCRIPTION)
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
    progress_note = LimitedTextField(
        max_length=PROGRESS_NOTE, blank=True, help_text="The latest progress, in plain words."
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up with every save of the action, so a stale edit can be refused.",
    )
    history = HistoricalRecords(m2m_fields=[supporting_organisations], excluded_fields=["version"])

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
    note = LimitedTextField(
        "progress", max_length=PROGRESS_NOTE, help_text="What has been done since the last report."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action.reference} – {self.get_status_display()} ({self.created_at:%d %b %Y})"
