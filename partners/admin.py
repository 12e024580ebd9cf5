from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, Organisation, PartnerProfile


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "job_title", "phone", "email"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "phone", "website", "is_csp_member"]
    list_filter = ["is_csp_member"]
    search_fields = ["name", "address", "phone", "email", "website"]
    ordering = ["-is_csp_member", "member_order", "name"]
    inlines = [ContactInline]
    fieldsets = [
        (None, {"fields": ["name", "is_csp_member", "member_order"]}),
        ("Contact details", {"fields": ["address", "phone", "email", "website"]}),
    ]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
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


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(UserAdmin):
    """Django's user admin, with the sign-in and joining dates shown, not edited: they are
    the system's record of what happened. (Django draws them as date and time boxes with
    no labels of their own, which fails WCAG 1.3.1.)"""

    readonly_fields = ["last_login", "date_joined"]
