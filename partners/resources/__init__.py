"""Spreadsheet columns for organisations and contacts, and the base all resources share.

The base lives in this app because every app may import ``partners``: the action and
measure resources build on it. Each resource lists its columns explicitly, with the headers
an officer reads, and finds rows by a natural key, never the database id. The file checks,
the preview and the all-or-nothing import are ``performance.spreadsheets``.
"""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from partners.models import Contact, Organisation

from .base import NaturalKeyLoader, SpreadsheetResource
from .columns import (
    BLANK_MESSAGE,
    FORMULA_PREFIXES,
    ChoiceWidget,
    NumberWidget,
    OrganisationListWidget,
    OrganisationWidget,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
    cell_number,
    cell_text,
    formula_safe,
)

__all__ = [
    "BLANK_MESSAGE",
    "FORMULA_PREFIXES",
    "ChoiceWidget",
    "ContactResource",
    "NaturalKeyLoader",
    "NumberWidget",
    "OrganisationListWidget",
    "OrganisationResource",
    "OrganisationWidget",
    "SpreadsheetResource",
    "TextWidget",
    "WholeNumberWidget",
    "YesNoWidget",
    "cell_number",
    "cell_text",
    "formula_safe",
]


class OrganisationResource(SpreadsheetResource):
    name = Field(attribute="name", column_name="Organisation", widget=TextWidget(), readonly=True)
    address = Field(attribute="address", column_name="Address", widget=TextWidget())
    phone = Field(attribute="phone", column_name="Telephone", widget=TextWidget())
    email = Field(attribute="email", column_name="Email", widget=TextWidget())
    website = Field(attribute="website", column_name="Website", widget=TextWidget())
    is_csp_member = Field(
        attribute="is_csp_member", column_name="Member of the CSP", widget=YesNoWidget()
    )
    member_order = Field(
        attribute="member_order",
        column_name="Order in the membership list",
        widget=WholeNumberWidget(),
    )

    key_fields = ("name",)

    class Meta(SpreadsheetResource.Meta):
        model = Organisation
        fields = (
            "name",
            "address",
            "phone",
            "email",
            "website",
            "is_csp_member",
            "member_order",
        )
        import_id_fields = ("name",)

    def new_instance(self, key):
        return Organisation(name=key[0])


class ContactResource(SpreadsheetResource):
    organisation = Field(
        attribute="organisation__name",
        column_name="Organisation",
        widget=TextWidget(),
        readonly=True,
    )
    name = Field(attribute="name", column_name="Name", widget=TextWidget(), readonly=True)
    job_title = Field(attribute="job_title", column_name="Job title", widget=TextWidget())
    phone = Field(attribute="phone", column_name="Telephone", widget=TextWidget())
    email = Field(attribute="email", column_name="Email", widget=TextWidget())

    key_fields = ("organisation", "name")
    select_related = ("organisation",)

    class Meta(SpreadsheetResource.Meta):
        model = Contact
        fields = ("organisation", "name", "job_title", "phone", "email")
        import_id_fields = ("organisation", "name")

    def scoped_queryset(self):
        return Contact.objects.select_related("organisation")

    def describe_key(self, key):
        return f"{key[1]} of {key[0]}"

    def new_instance(self, key):
        try:
            organisation = self.organisations.find(key[0])
        except ValueError as error:
            raise ValidationError({"organisation__name": str(error)}) from None
        return Contact(organisation=organisation, name=key[1])
