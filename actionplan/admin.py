"""Admin pages for the plan's content. Measures are added to these pages by performance.admin,
through admin_extensions."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from spreadsheets.admin import SpreadsheetAdminMixin
from web.admin_ids import HistoryAdmin
from web.figure_field import FigureFieldsAdmin

from . import admin_users  # noqa: F401  (registers the user admin)
from .admin_extensions import inlines_added
from .admin_lifecycle import LifecycleAdmin
from .admin_scope import PartnershipScopedAdmin
from .admin_versions import (
    SaveRefused,
    VersionedAdminMixin,
    VersionedInlineFormSet,
    VersionedInlineMixin,
    VersionedModelForm,
    non_field,
)
from .lifecycle import ACTION_FIELDS_OPEN_AFTER_APPROVAL
from .models import (
    Action,
    KeyPartner,
    NarrativeFigure,
    Outcome,
    Partnership,
    Plan,
    Priority,
    ReviewSection,
    Theme,
)
from .policy import access_for
from .resources import ActionResource
from .services import ADMIN_REASON, StaleAction, action_save


# Rows that belong to one partnership: a choice of one of these is a choice among the user's.
@admin.register(Partnership)
class PartnershipAdmin(PartnershipScopedAdmin, HistoryAdmin):
    list_display = ["name", "short_name", "phone", "email", "website"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}

    def has_add_permission(self, request):
        # A new partnership is set up by the IT team, who then give it its members.
        return access_for(request.user).is_superuser and super().has_add_permission(request)


class ReviewSectionInline(LifecycleAdmin, admin.StackedInline):
    model = ReviewSection
    extra = 0
    fields = ["order", "title", "body"]


class PriorityInline(LifecycleAdmin, admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["order", "code", "title", "lead_organisation"]
    show_change_link = True
    autocomplete_fields = ["lead_organisation"]


class NarrativeFigureInline(LifecycleAdmin, FigureFieldsAdmin, admin.TabularInline):
    model = NarrativeFigure
    extra = 0
    fields = ["order", "label", "section", "value", "unit", "responsible_organisation"]
    autocomplete_fields = ["responsible_organisation"]


@admin.register(Plan)
class PlanAdmin(
    LifecycleAdmin,
    PartnershipScopedAdmin,
    VersionedAdminMixin,
    HistoryAdmin,
):
    list_display = ["__str__", "partnership", "start_year", "status"]
    list_filter = ["status", "partnership"]
    search_fields = ["partnership__name", "start_year"]
    list_select_related = ["partnership"]
    ordering = ["partnership__name", "-start_year"]
    # Approval and publication happen on the plan's approval page, which checks completeness
    # and records who and why; the admin only shows them.
    readonly_fields = [
        "status",
        "approved_by",
        "approved_at",
        "approval_note",
        "published_by",
        "published_at",
    ]
    fieldsets = [
        (None, {"fields": ["partnership", "start_year", "status"]}),
        (
            "Approval",
            {
                "fields": [
                    "approved_by",
                    "approved_at",
                    "approval_note",
                    "published_by",
                    "published_at",
                ]
            },
        ),
        (
            "Narrative",
            {
                "description": "Plain paragraphs separated by a blank line. Write a missing "
                "figure as [[label]], naming one of the plan's narrative figures below.",
                "fields": list(Plan.NARRATIVE_FIELDS),
            },
        ),
    ]
    inlines = [ReviewSectionInline, PriorityInline, NarrativeFigureInline]

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *inlines_added(Plan)]


@admin.register(ReviewSection)
class ReviewSectionAdmin(LifecycleAdmin, PartnershipScopedAdmin, HistoryAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["title", "body"]
    list_select_related = ["plan__partnership"]


@admin.register(NarrativeFigure)
class NarrativeFigureAdmin(
    LifecycleAdmin,
    FigureFieldsAdmin,
    PartnershipScopedAdmin,
    HistoryAdmin,
):
    list_display = ["label", "section", "value", "unit", "responsible_organisation", "plan"]
    list_filter = ["plan", "unit", "responsible_organisation"]
    search_fields = ["label", "section"]
    list_select_related = ["plan__partnership", "responsible_organisation"]
    autocomplete_fields = ["responsible_organisation"]


class ThemeInline(LifecycleAdmin, admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["order", "title"]


class ActionInlineFormSet(VersionedInlineFormSet):
    def write(self, forms, *, acting_user):
        refusal = SaveRefused()
        for form in forms:
            try:
                action_save(
                    action=form.instance,
                    seen_version=form.seen(),
                    acting_user=acting_user,
                    reason=ADMIN_REASON,
                )
            except StaleAction as stale:
                refusal.add(form, non_field(str(stale)), stale.current.version)
        if refusal.forms:
            raise refusal


class ActionInline(LifecycleAdmin, VersionedInlineMixin, admin.StackedInline):
    model = Action
    form = VersionedModelForm
    formset = ActionInlineFormSet
    lifecycle_open_fields = ACTION_FIELDS_OPEN_AFTER_APPROVAL
    extra = 0
    fields = [
        "seen_version",
        ("number", "theme", "status"),
        "description",
        ("lead_organisation", "supporting_organisations"),
        "progress_note",
    ]
    autocomplete_fields = ["lead_organisation", "supporting_organisations"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the themes of the priority being edited.
        if db_field.name == "theme":
            priority_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Theme.objects.filter(priority_id=priority_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OutcomeInline(LifecycleAdmin, admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["number", "text"]


class KeyPartnerInline(LifecycleAdmin, admin.TabularInline):
    model = KeyPartner
    extra = 0
    fields = ["order", "organisation"]
    autocomplete_fields = ["organisation"]
    verbose_name = "key partner"


@admin.register(Priority)
class PriorityAdmin(
    LifecycleAdmin,
    PartnershipScopedAdmin,
    VersionedAdminMixin,
    HistoryAdmin,
):
    list_display = ["title", "plan", "lead_organisation", "order"]
    list_filter = ["plan", "lead_organisation"]
    search_fields = ["title", "overview"]
    list_select_related = ["plan__partnership", "lead_organisation"]
    autocomplete_fields = ["lead_organisation"]
    fields = [
        "plan",
        ("order", "code"),
        "title",
        "lead_organisation",
        "overview",
        "activities_intro",
        "other_key_partners",
    ]
    inlines = [ThemeInline, ActionInline, OutcomeInline, KeyPartnerInline]

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *inlines_added(Priority)]


@admin.register(Theme)
class ThemeAdmin(LifecycleAdmin, PartnershipScopedAdmin, HistoryAdmin):
    list_display = ["title", "priority", "order"]
    list_filter = ["priority__plan", "priority"]
    search_fields = ["title"]
    list_select_related = ["priority"]


@admin.register(Action)
class ActionAdmin(
    LifecycleAdmin,
    PartnershipScopedAdmin,
    VersionedAdminMixin,
    SpreadsheetAdminMixin,
    HistoryAdmin,
):
    form = VersionedModelForm
    lifecycle_open_fields = ACTION_FIELDS_OPEN_AFTER_APPROVAL
    spreadsheet_resource = ActionResource
    list_display = ["reference", "short_description", "lead_organisation", "status", "priority"]
    list_filter = ["status", "priority__plan", "priority", "lead_organisation"]
    search_fields = ["description", "progress_note", "lead_organisation__name"]
    list_select_related = ["priority", "lead_organisation"]
    autocomplete_fields = ["lead_organisation", "supporting_organisations"]
    ordering = ["priority__plan", "priority__order", "number"]

    @admin.display(description="description")
    def short_description(self, action):
        return action.description[:100]

    def save_model(self, request, obj, form, change):
        try:
            action_save(
                action=obj,
                seen_version=form.seen(),
                acting_user=request.user,
                reason=ADMIN_REASON,
            )
        except StaleAction as stale:
            refusal = SaveRefused()
            refusal.add(form, non_field(str(stale)), stale.current.version)
            raise refusal from None
        except ValidationError as broken:
            refusal = SaveRefused()
            refusal.add(form, {name: " ".join(m) for name, m in broken.message_dict.items()})
            raise refusal from None


@admin.register(Outcome)
class OutcomeAdmin(LifecycleAdmin, PartnershipScopedAdmin, HistoryAdmin):
    list_display = ["text", "priority", "number"]
    list_filter = ["priority__plan", "priority"]
    search_fields = ["text"]
    list_select_related = ["priority"]
