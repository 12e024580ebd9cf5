from django.contrib import admin
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
