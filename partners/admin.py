from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from spreadsheets.admin import SpreadsheetAdminMixin
from web.admin_ids import HistoryAdmin

from .models import Contact, Organisation, PartnerProfile
from .resources import ContactResource, OrganisationResource


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "job_title", "phone", "email"]


@admin.register(Organisation)
class OrganisationAdmin(SpreadsheetAdminMixin, HistoryAdmin):
    spreadsheet_resource = OrganisationResource
    list_display = ["name", "phone", "website", "is_csp_member"]
    list_filter = ["is_csp_member"]
    search_fields = ["name", "address", "phone", "email", "website"]
    ordering = ["-is_csp_member", "member_order", "name"]
    inlines = [ContactInline]
    fieldsets = [
        (None, {"fields": ["name", "is_csp_member", "member_order"]}),
        ("Contact details", {"fields": ["address", "phone", "email", "website"]}),
        ("Sign-in", {"fields": ["requires_two_step"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # How an organisation's users sign in is for those who manage users' accounts.
        if not request.user.has_perm("auth.change_user"):
            readonly.append("requires_two_step")
        return readonly


@admin.register(Contact)
class ContactAdmin(SpreadsheetAdminMixin, HistoryAdmin):
    spreadsheet_resource = ContactResource
    list_display = ["name", "organisation", "job_title", "phone", "email"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


class PortalUserAdmin(UserAdmin):
    """Django's user admin, with the sign-in and joining dates shown, not edited: they are
    the system's record of what happened. (Django draws them as date and time boxes with
    no labels of their own, which fails WCAG 1.3.1.)

    Registered by actionplan.admin, which adds each user's partnerships to the page: one
    app registers the user admin, and no other replaces it."""

    readonly_fields = ["last_login", "date_joined"]
