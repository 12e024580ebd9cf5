"""Spreadsheet columns for organisations and contacts, and the base every resource shares.

The base sits here because every app may import ``partners``: the action and measure
resources build on it. Each resource lists its columns explicitly, with the headers an
officer reads, and finds rows by a natural key, never the database id. The file checks, the
preview and the all-or-nothing import are ``performance.spreadsheets``.
"""

import re
from decimal import Decimal

from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from .models import Contact, Organisation

# A text cell starting with one of these is run as a formula by Excel, LibreOffice or
# Google Sheets (tab and carriage return because some strip them first).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them).
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PLAIN_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
_GROUPED_NUMBER = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")

BLANK_MESSAGE = "This cell cannot be empty"


def formula_safe(value):
    """A cell as exported: text a spreadsheet would run as a formula gets a leading
    apostrophe, so it shows as text. Numbers and other values pass unchanged."""
    if not isinstance(value, str):
        return value
    # Replaced before the prefix check, so removing one cannot expose a prefix.
    value = _ILLEGAL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def cell_text(value) -> str:
    """A cell read as text: trimmed, and without the apostrophe an export added, so a file
    exported and imported unchanged changes nothing."""
    if value is None:
        return ""
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] and text[1] in "".join(FORMULA_PREFIXES):
        return text[1:]
    return text


def cell_number(value) -> Decimal | None:
    """A cell read as a number; None when blank. Plain digits only ("1,234" is allowed):
    no currency, percent signs, exponents or words."""
    if isinstance(value, bool):
        raise ValueError(f'"{value}" is not a number')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f'"{value}" is not a number')
        # repr is the shortest text that reads back as the same float: 76.2, not 76.2000001.
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f'"{value}" is not a number')
        return value
    text = cell_text(value)
    if not text:
        return None
    if _GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError(f'"{text}" is not a number')
    return Decimal(text)


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NumberWidget(widgets.Widget):
    """Numbers go out as numbers (numeric cells in XLSX, plain digits in CSV)."""

    def clean(self, value, row=None, **kwargs):
        return cell_number(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class WholeNumberWidget(NumberWidget):
    def clean(self, value, row=None, **kwargs):
        number = cell_number(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(f'"{cell_text(value)}" is not a whole number')
        return int(number)


class YesNoWidget(widgets.Widget):
    ANSWERS = {"yes": True, "y": True, "true": True, "1": True}
    ANSWERS |= {"no": False, "n": False, "false": False, "0": False, "": False}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value)
        try:
            return self.ANSWERS[text.casefold()]
        except KeyError:
            raise ValueError(f'"{text}" is not Yes or No') from None

    def render(self, value, obj=None, **kwargs):
        return "Yes" if value else "No"


class ChoiceWidget(widgets.Widget):
    """A choice written as its label ("In progress"); the stored value is accepted too."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.labels = dict(choices)
        self.values = {str(label).casefold(): value for value, label in choices}
        self.values |= {str(value).casefold(): value for value in self.labels}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        try:
            return self.values[text.casefold()]
        except KeyError:
            allowed = ", ".join(str(label) for label in self.labels.values())
            raise ValueError(f'"{text}" is not one of: {allowed}') from None

    def render(self, value, obj=None, **kwargs):
        return str(self.labels.get(value, value or ""))


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


class NaturalKeyLoader(BaseInstanceLoader):
    """Finds every row's record in one query, by the resource's natural key."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        keys = set()
        for values in dataset or ():
            try:
                keys.add(resource.row_key(dict(zip(dataset.headers, values, strict=False))))
            except ValidationError:
                continue  # reported on its own row
        self.instances = resource.existing_instances(keys)

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key(row))


class _NoDiff(resources.Diff):
    """The report lists changes itself (SpreadsheetResource.row_changes)."""

    @classmethod
    def _read_field_values(cls, resource, instance):
        return []


class SpreadsheetResource(resources.ModelResource):
    """What every spreadsheet of the portal shares.

    - Rows are found by ``key_fields``, read-only columns naming the record; never by id.
    - Only records in ``get_queryset()`` (the user's scope) can be found, and so changed.
    - Every value goes through ``full_clean()``; an update writes only the resource's
      writable columns (``save(update_fields=...)``) and records the importing user in the
      history. A dry run (the preview) writes nothing.
    - Exported text that a spreadsheet would run as a formula is escaped.
    """

    key_fields: tuple[str, ...] = ()
    #: May a row whose key is not found add a record?
    creates = True
    #: For the export: relations every row reads.
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        store_instance = True
        # Bulk saves skip the history, so every row is saved on its own.
        use_bulk = False
        use_transactions = True
        instance_loader_class = NaturalKeyLoader

    def __init__(self, *, user=None, change_reason="", sheet_rows=(), lock=False, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.change_reason = change_reason
        self.sheet_rows = list(sheet_rows)
        self.lock = lock
        self._seen_keys = {}
        self._row_changes = []
        self.organisations = OrganisationWidget()

    # Columns

    @classmethod
    def permission(cls, action: str) -> str:
        opts = cls._meta.model._meta
        return f"{opts.app_label}.{get_permission_codename(action, opts)}"

    @classmethod
    def verbose_name_plural(cls) -> str:
        return str(cls._meta.model._meta.verbose_name_plural)

    def ordered_fields(self) -> list[Field]:
        """The columns in the order of Meta.fields, as exported."""
        return [self.fields[name] for name in self.get_export_order()]

    def writable_fields(self) -> list[Field]:
        return [field for field in self.ordered_fields() if not field.readonly]

    def required_columns(self) -> list[str]:
        """A file must hold every column the import writes, and the key: a missing column
        is never read as "leave alone" or "make empty"."""
        keys = [self.fields[name].column_name for name in self.key_fields]
        return keys + [field.column_name for field in self.writable_fields()]

    def known_columns(self) -> list[str]:
        return [field.column_name for field in self.ordered_fields()]

    def column_for(self, name: str) -> str | None:
        """The column of a field attribute or model field named in a validation error."""
        if name == NON_FIELD_ERRORS:
            return None
        for field in self.fields.values():
            if name == field.attribute:
                return field.column_name
        return None

    def get_diff_class(self):
        return _NoDiff

    # Finding rows

    def get_queryset(self):
        queryset = self.scoped_queryset()
        # Rows about to be written are locked until the import commits (PostgreSQL).
        return queryset.select_for_update(of=("self",)) if self.lock else queryset

    def scoped_queryset(self):
        return self._meta.model.objects.all()

    def sheet_row(self, row_number: int) -> int:
        return self.sheet_rows[row_number - 1] if self.sheet_rows else row_number + 1

    def row_key(self, row) -> tuple:
        key, errors = [], {}
        for name in self.key_fields:
            field = self.fields[name]
            try:
                value = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = str(error)
                continue
            if value in (None, ""):
                errors[field.attribute] = f"{BLANK_MESSAGE}: it names the row"
            key.append(value)
        if errors:
            raise ValidationError(errors)
        return tuple(key)

    def instance_key(self, instance) -> tuple:
        return tuple(self.fields[name].get_value(instance) for name in self.key_fields)

    def existing_instances(self, keys: set[tuple]) -> dict[tuple, object]:
        if not keys:
            return {}
        lookups = {
            f"{self.fields[name].attribute}__in": {key[index] for key in keys}
            for index, name in enumerate(self.key_fields)
        }
        return {self.instance_key(obj): obj for obj in self.get_queryset().filter(**lookups)}

    def describe_key(self, key: tuple) -> str:
        return " / ".join(str(part) for part in key)

    def before_import_row(self, row, **kwargs):
        key = self.row_key(row)
        here = self.sheet_row(kwargs["row_number"])
        first = self._seen_keys.setdefault(key, here)
        if first != here:
            last = self.fields[self.key_fields[-1]].attribute
            raise ValidationError(
                {
                    last: f"Row {first} is already about {self.describe_key(key)}: a row may "
                    "appear only once in a file"
                }
            )

    def get_or_init_instance(self, instance_loader, row):
        instance = instance_loader.get_instance(row)
        if instance is not None:
            return instance, False
        if not self.creates:
            raise ValidationError(self.not_found_errors(self.row_key(row)))
        if not self.user.has_perm(self.permission("add")):
            raise ValidationError(
                f"You may not add {self.verbose_name_plural()}, and there is none called "
                f"{self.describe_key(self.row_key(row))}"
            )
        return self.new_instance(self.row_key(row)), True

    def not_found_errors(self, key: tuple) -> dict[str, str]:
        last = self.fields[self.key_fields[-1]].attribute
        return {last: f"There is no {self._meta.model._meta.verbose_name} {self.describe_key(key)}"}

    def new_instance(self, key: tuple):
        """A new record named by the key; raises ValidationError if its parent is unknown."""
        raise NotImplementedError

    # Checking and saving

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many columns are written after the save; check them with the others.
        for field in self.writable_fields():
            if _is_many(field) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        if instance.pk is not None:
            # An update re-checks what it writes; the model's clean() always runs.
            written = {field.attribute for field in self.writable_fields()}
            exclude |= {f.name for f in instance._meta.fields if f.name not in written}
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        self._row_changes = []
        if import_validation_errors:
            return False
        self._row_changes = self.row_changes(original, instance, row)
        return instance.pk is not None and not self._row_changes

    def row_changes(self, original, instance, row) -> list[tuple[str, str, str]]:
        """(column, old, new) for every writable column whose value the row changes."""
        new_record = instance.pk is None
        changes = []
        for field in self.writable_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                old = [] if new_record else list(field.get_value(original).all())
                new = field.clean(row)
                if {o.pk for o in old} == {o.pk for o in new}:
                    continue
            else:
                old = None if new_record else field.get_value(original)
                new = field.get_value(instance)
                if old == new or (new_record and new in (None, "")):
                    continue
            changes.append((field.column_name, _shown(field, old), _shown(field, new)))
        return changes

    def after_import_row(self, row, row_result, **kwargs):
        row_result.changes = self._row_changes
        row_result.key = self.describe_key(self.row_key(row))

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        instance._history_user = self.user
        instance._change_reason = self.change_reason
        if is_create:
            instance.save(force_insert=True)
        else:
            self.save_update(instance)

    def update_fields(self) -> list[str]:
        return [f.attribute for f in self.writable_fields() if not _is_many(f)]

    def save_update(self, instance):
        instance.save(update_fields=self.update_fields())

    def save_m2m(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            super().save_m2m(instance, row, **kwargs)

    # Export

    def export_field(self, field, instance, **kwargs):
        return formula_safe(super().export_field(field, instance, **kwargs))

    def filter_export(self, queryset, **kwargs):
        """Only what the user may see, however the queryset was built."""
        if not isinstance(queryset, QuerySet):
            return queryset
        if self.user is not None:
            queryset = queryset.filter(pk__in=self.scoped_queryset().values("pk"))
        return queryset.select_related(*self.select_related).prefetch_related(
            *self.prefetch_related
        )


def _is_many(field: Field) -> bool:
    return isinstance(field.widget, widgets.ManyToManyWidget)


def _shown(field: Field, value) -> str:
    if value is None:
        return ""
    if _is_many(field):
        return field.widget.render(value or [])
    shown = field.widget.render(value)
    if isinstance(shown, Decimal):
        return f"{shown.normalize():f}"
    return str(shown)


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
