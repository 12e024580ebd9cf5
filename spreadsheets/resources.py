"""The base of every spreadsheet resource: natural keys, scope, checks and history.

Each app declares its own resources on this base (the columns, the natural key, the rows a
user may reach in ``scoped_queryset``); nothing here knows a project model.
"""

from decimal import Decimal

from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from figure_text import figure_as_typed

from . import access
from .columns import BLANK_MESSAGE, cell_text, formula_safe
from .files import Limits


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


class SpreadsheetResource(resources.ModelResource):
    """What every spreadsheet of the portal shares.

    - Rows are found by ``key_fields``, read-only columns naming the record; never by id.
    - Only records in ``get_queryset()`` (the user's scope) can be found, and so changed.
      A resource given no user refuses to read or write anything: there is no "everything".
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
    #: How large a file an import of these rows takes (files.Limits: the defaults unless said).
    limits = Limits()

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # The report lists the changes itself (row_changes), from the values saved by
        # after_init_instance: cheaper than the deep copy of every row a diff takes.
        skip_diff = True
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
        self._writable = None
        self._seen_keys = {}
        self._keyed_row = self._row_key = None
        self._original = {}
        self._row_changes = []
        self._not_imported = []

    # Columns

    @classmethod
    def permission(cls, action: str) -> str:
        opts = cls._meta.model._meta
        return f"{opts.app_label}.{get_permission_codename(action, opts)}"

    @classmethod
    def may_import(cls, user) -> bool:
        """May the user import this resource's rows at all (which rows: ``get_queryset``)?
        The portal's policy, then the model's change permission."""
        return access.may(user, access.IMPORT) and user.has_perm(cls.permission("change"))

    @classmethod
    def may_export(cls, user) -> bool:
        """May the user export at all? (The admin also asks its own view permission.)"""
        return access.may(user, access.EXPORT)

    @classmethod
    def verbose_name_plural(cls) -> str:
        return str(cls._meta.model._meta.verbose_name_plural)

    def ordered_fields(self) -> list[Field]:
        """The columns in the order of Meta.fields, as exported."""
        return [self.fields[name] for name in self.get_export_order()]

    def writable_fields(self) -> list[Field]:
        if self._writable is None:
            self._writable = [field for field in self.ordered_fields() if not field.readonly]
        return self._writable

    def read_only_fields(self) -> list[Field]:
        """Columns exported to be read, not imported: every read-only column but the key."""
        keys = {self.fields[name] for name in self.key_fields}
        return [f for f in self.ordered_fields() if f.readonly and f not in keys]

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

    # Finding rows

    def get_queryset(self):
        queryset = self.user_scope()
        # Rows about to be written are locked until the import commits (PostgreSQL).
        return queryset.select_for_update(of=("self",)) if self.lock else queryset

    def user_scope(self):
        if self.user is None:
            raise PermissionDenied(
                f"{self.verbose_name_plural().capitalize()} are imported and exported for a "
                "user, who sees only their own rows: name the user."
            )
        return self.scoped_queryset()

    def scoped_queryset(self):
        """The rows ``self.user`` may change by hand, as the app's own scope decides: every
        resource says, so that none can reach every row by omission."""
        raise NotImplementedError

    def sheet_row(self, row_number: int) -> int:
        return self.sheet_rows[row_number - 1] if self.sheet_rows else row_number + 1

    def row_key(self, row) -> tuple:
        if row is self._keyed_row:  # asked several times a row; the cells do not change
            return self._row_key
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
        self._keyed_row, self._row_key = row, tuple(key)
        return self._row_key

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

    def after_init_instance(self, instance, new, row, **kwargs):
        self._original = (
            {}
            if new
            else {field.attribute: _value(field, instance) for field in self.writable_fields()}
        )
        self._not_imported = [] if new else self.read_only_changes(instance, row)

    def read_only_changes(self, instance, row) -> list[str]:
        """The read-only columns whose cell differs from what the record holds, read before
        the row changes anything: an import leaves them as they are, and says so."""
        notices = []
        for field in self.read_only_fields():
            if field.column_name not in row:
                continue
            stored = _comparable(self.export_field(field, instance))
            if _comparable(row[field.column_name]) != stored:
                where = (
                    "is changed in the admin" if field.attribute else "is worked out by the portal"
                )
                notices.append(f"{field.column_name} {where}")
        return notices

    def skip_row(self, instance, original, row, import_validation_errors=None):
        self._row_changes = []
        if import_validation_errors:
            return False
        self._row_changes = self.row_changes(instance, row)
        return instance.pk is not None and not self._row_changes

    def row_changes(self, instance, row) -> list[tuple[str, str, str]]:
        """(column, old, new) for every writable column whose value the row changes."""
        changes = []
        for field in self.writable_fields():
            if field.column_name not in row:
                continue
            old = self._original.get(field.attribute)
            if _is_many(field):
                new = field.clean(row)
                if {o.pk for o in old or ()} == {o.pk for o in new}:
                    continue
            else:
                new = field.get_value(instance)
                if old == new or (not self._original and new in (None, "")):
                    continue
            changes.append((field.column_name, _shown(field, old), _shown(field, new)))
        return changes

    def after_import_row(self, row, row_result, **kwargs):
        row_result.changes = self._row_changes
        row_result.not_imported = tuple(self._not_imported)
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
        scope = self.user_scope()
        if not isinstance(queryset, QuerySet):
            return queryset
        queryset = queryset.filter(pk__in=scope.values("pk"))
        return queryset.select_related(*self.select_related).prefetch_related(
            *self.prefetch_related
        )


def _is_many(field: Field) -> bool:
    return isinstance(field.widget, widgets.ManyToManyWidget)


def _value(field: Field, instance):
    value = field.get_value(instance)
    return list(value.all()) if _is_many(field) else value


def _comparable(value) -> str:
    """A cell as text, whatever wrote it: trimmed, unescaped, one kind of line break."""
    return cell_text(value).replace("\r\n", "\n").replace("\r", "\n")


def _shown(field: Field, value) -> str:
    if value is None:
        return ""
    if _is_many(field):
        return field.widget.render(value or [])
    shown = field.widget.render(value)
    if isinstance(shown, Decimal):
        return figure_as_typed(shown)
    return str(shown)
