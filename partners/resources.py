"""Spreadsheet columns for organisations and contacts, and the organisation columns every
app's resources use (an organisation by its exact name, never a new one).

Each resource lists its columns explicitly, with the headers an officer reads, and finds rows
by a natural key, never the database id. The base, the file checks, the preview and the
all-or-nothing import are the shared ``spreadsheets`` package.
"""

from django.core.exceptions import ValidationError
from import_export import widgets
from import_export.fields import Field

from partners.models import Contact, Organisation
from spreadsheets.columns import (
    SMALL_INTEGER,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
    cell_text,
)
from spreadsheets.resources import SpreadsheetResource


def unknown_organisation_message(name: str, known: dict[str, Organisation]) -> str:
    message = (
        f'There is no organisation called "{name}". An import never adds organisations: '
        "add it under Organisations first, or correct the name"
    )
    near = [org.name for org in known.values() if org.name.casefold() == name.casefold()]
    return f'{message} (did you mean "{near[0]}"?)' if near else message


class OrganisationWidget(widgets.Widget):
    """An organisation by its exact name. An unknown name is an error, never a new row."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._by_name = None

    def organisations(self) -> dict[str, Organisation]:
        if self._by_name is None:
            self._by_name = {org.name: org for org in Organisation.objects.all()}
        return self._by_name

    def find(self, name: str) -> Organisation:
        known = self.organisations()
        if name not in known:
            raise ValueError(unknown_organisation_message(name, known))
        return known[name]

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        return self.find(name) if name else None

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class OrganisationListWidget(widgets.ManyToManyWidget):
    """Organisations by name, separated by semicolons (names may hold commas)."""

    SEPARATOR = ";"

    def __init__(self, **kwargs):
        super().__init__(Organisation, separator=self.SEPARATOR, field="name", **kwargs)
        self.names = OrganisationWidget()

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in cell_text(value).split(self.SEPARATOR)]
        return [self.names.find(name) for name in dict.fromkeys(names) if name]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        organisations = value.all() if hasattr(value, "all") else value
        return f"{self.SEPARATOR} ".join(sorted(org.name for org in organisations))


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
        widget=WholeNumberWidget(largest=SMALL_INTEGER),
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

    def scoped_queryset(self):
        # Organisations are shared by every partnership: an officer of any may change them.
        return Organisation.objects.all()

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

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.organisations = OrganisationWidget()

    def scoped_queryset(self):
        # Contacts belong to organisations, which every partnership shares.
        return Contact.objects.select_related("organisation")

    def describe_key(self, key):
        return f"{key[1]} of {key[0]}"

    def new_instance(self, key):
        try:
            organisation = self.organisations.find(key[0])
        except ValueError as error:
            raise ValidationError({"organisation__name": str(error)}) from None
        return Contact(organisation=organisation, name=key[1])
