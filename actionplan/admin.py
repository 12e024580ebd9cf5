"""Admin pages for the plan's content. Measures are added to these pages by performance.admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "phone", "email", "website"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


class ReviewSectionInline(admin.StackedInline):
    model = ReviewSection
    extra = 0
    fields = ["order", "title", "body"]


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["order", "code", "title", "lead_organisation"]
    show_change_link = True
    autocomplete_fields = ["lead_organisation"]


class NarrativeFigureInline(admin.TabularInline):
    model = NarrativeFigure
    extra = 0
    fields = ["order", "label", "section", "value", "unit", "responsible_organisation"]
    autocomplete_fields = ["responsible_organisation"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
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


@admin.register(ReviewSection)
class ReviewSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["title", "body"]
    list_select_related = ["plan__partnership"]


@admin.register(NarrativeFigure)
class NarrativeFigureAdmin(SimpleHistoryAdmin):
    list_display = ["label", "section", "value", "unit", "responsible_organisation", "plan"]
    list_filter = ["plan", "unit", "responsible_organisation"]
    search_fields = ["label", "section"]
    list_select_related = ["plan__partnership", "responsible_organisation"]
    autocomplete_fields = ["responsible_organisation"]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["order", "title"]


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    fields = [
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


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["number", "text"]


class KeyPartnerInline(admin.TabularInline):
    model = KeyPartner
    extra = 0
    fields = ["order", "organisation"]
    autocomplete_fields = ["organisation"]
    verbose_name = "key partner"


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
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


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "priority", "order"]
    list_filter = ["priority__plan", "priority"]
    search_fields = ["title"]
    list_select_related = ["priority"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "short_description", "lead_organisation", "status", "priority"]
    list_filter = ["status", "priority__plan", "priority", "lead_organisation"]
    search_fields = ["description", "progress_note", "lead_organisation__name"]
    list_select_related = ["priority", "lead_organisation"]
    autocomplete_fields = ["lead_organisation", "supporting_organisations"]
    ordering = ["priority__plan", "priority__order", "number"]

    @admin.display(description="description")
    def short_description(self, action):
        return action.description[:100]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["text", "priority", "number"]
    list_filter = ["priority__plan", "priority"]
    search_fields = ["text"]
    list_select_related = ["priority"]
