"""Admin change forms that carry the version they showed, and refuse a stale save on the page.

Each versioned form has a hidden `seen_version`, the row's version when the page was drawn.
The admin's save hooks (save_model, save_formset) hand the rows to their writer, which
refuses a row saved by someone else since; the hook then raises SaveRefused. The admin's
change view runs in one transaction, so the exception rolls back everything the save had
written; the view is then drawn again, bound to what the officer sent, with each refusal at
its form and the form's hidden version moved on to the one now saved, so that saving again
is a deliberate choice by someone who has seen the newer values.

The performance app's measure admin uses the same machinery.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.forms.models import BaseInlineFormSet

SEEN_VERSION = "seen_version"
OUT_OF_DATE = (
    "This form was sent without the version it showed: reload the page and make your changes again."
)
_REFUSAL = "_save_refusal"


class SaveRefused(Exception):
    """What a refused save tells each form of the page: by form prefix, field -> message,
    and the version now saved (None when the refusal is a broken rule)."""

    def __init__(self):
        super().__init__("The save was refused.")
        self.forms: dict[str | None, tuple[dict[str, str], int | None]] = {}

    def add(self, form, errors: dict[str, str], version: int | None = None) -> None:
        self.forms[form.prefix] = (errors, version)


class RefusableModelForm(forms.ModelForm):
    """A form that shows, when its page is drawn again, what a refused save said of it."""

    #: Set on a subclass for the second drawing of a refused page.
    refusal: SaveRefused | None = None

    def _refused(self) -> tuple[dict[str, str], int | None]:
        return self.refusal.forms.get(self.prefix, ({}, None)) if self.refusal else ({}, None)

    def clean(self):
        cleaned_data = super().clean()
        for name, message in self._refused()[0].items():
            self.add_error(name if name in self.fields else None, message)
        return cleaned_data


class VersionedModelForm(RefusableModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial[SEEN_VERSION] = self.instance.version
        _, version = self._refused()
        if version is not None and self.is_bound:
            self.data = self.data.copy()
            self.data[self.add_prefix(SEEN_VERSION)] = str(version)

    @property
    def changed_data(self):
        # The version says where the officer started from; it is not an edit.
        return [name for name in super().changed_data if name != SEEN_VERSION]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and cleaned_data.get(SEEN_VERSION) is None:
            self.add_error(None, OUT_OF_DATE)
        return cleaned_data

    def seen(self) -> int | None:
        return self.cleaned_data.get(SEEN_VERSION)

    def field_values(self, stored) -> dict[str, object]:
        """The model fields of this form whose values differ from the `stored` row's.

        Not `changed_data`: simple-history's revert draws the form from a past version,
        so nothing has "changed" there though the row is about to."""
        fields = [f for f in self._meta.model._meta.concrete_fields if f.name in self.fields]
        return {
            field.name: getattr(self.instance, field.name)
            for field in fields
            if getattr(self.instance, field.attname) != getattr(stored, field.attname)
        }


class VersionedInlineFormSet(BaseInlineFormSet):
    """Saves its changed rows through `write`, which the model's formset defines."""

    def rows_to_write(self) -> list[VersionedModelForm]:
        """The forms of new and changed rows, their instances holding the new values;
        deleted rows are deleted here (a delete is not refused for being stale)."""
        self.save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        deleted = self.deleted_forms
        return [form for form in self.forms if form.has_changed() and form not in deleted]

    def save_through_writer(self, *, acting_user) -> None:
        self.write(self.rows_to_write(), acting_user=acting_user)
        self.save_m2m()

    def write(self, forms: list[VersionedModelForm], *, acting_user) -> None:
        raise NotImplementedError


class VersionedAdminMixin:
    """For a ModelAdmin whose own form, or whose inlines, carry a version."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRefused as refusal:
            setattr(request, _REFUSAL, refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's "revert" saves through save_model too, outside a transaction.
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except SaveRefused as refusal:
            setattr(request, _REFUSAL, refusal)
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        match = request.resolver_match
        versioned = issubclass(form, VersionedModelForm)
        if versioned and obj is not None and match and match.url_name.endswith("_simple_history"):
            # A past version does not keep the version number: the one now saved is shown.
            obj.version = type(obj).objects.values_list("version", flat=True).get(pk=obj.pk)
        return with_refusal(form, request)

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, VersionedInlineFormSet):
            formset.save_through_writer(acting_user=request.user)
        else:
            super().save_formset(request, form, formset, change)


class VersionedInlineMixin:
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_refusal(formset.form, request)
        return formset


def with_refusal(form_class, request):
    """The form class, told of the refusal when the page is drawn again after one."""
    refusal = getattr(request, _REFUSAL, None)
    if refusal is None or not issubclass(form_class, RefusableModelForm):
        return form_class
    return type(form_class.__name__, (form_class,), {"refusal": refusal})


def non_field(message: str) -> dict[str, str]:
    return {NON_FIELD_ERRORS: message}
