"""Measures in the admin, and the measures inlines added to the plan and priority pages.

actionplan never imports performance, so the plan and priority admins are extended here.
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html_join
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from actionplan.admin import ActionAdmin, PlanAdmin, PriorityAdmin
from actionplan.models import Action, Plan, Priority
from actionplan.resources import ActionResource
from partners.admin import ContactAdmin, OrganisationAdmin
from partners.models import Contact, Organisation
from partners.resources import ContactResource, OrganisationResource

from . import spreadsheets
from .models import Measure
from .resources import MeasureFiguresResource

FIGURE_FIELDS = [
    ("baseline_value", "baseline_period"),
    ("target_value", "target_period", "target_text"),
    ("actual_value", "actual_period"),
]

RESULT_FIELDS = [
    "change_display",
    "target_change_display",
    "status_display",
    "rag_word",
    "flag_list",
]


class PriorityMeasureFormSet(BaseInlineFormSet):
    """A measure added under a priority belongs to that priority's plan."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.plan_id = self.instance.plan_id
        return form


class PriorityMeasureInline(admin.StackedInline):
    model = Measure
    formset = PriorityMeasureFormSet
    extra = 0
    fk_name = "priority"
    fields = [
        ("reference", "order", "category"),
        "label",
        ("unit", "direction", "decimal_places"),
        ("source", "responsible_organisation"),
        *FIGURE_FIELDS,
    ]
    autocomplete_fields = ["responsible_organisation"]
    verbose_name = "performance measure"


class PlanMeasureInline(PriorityMeasureInline):
    """Partnership and police targets belong to the whole plan, not to a priority."""

    formset = BaseInlineFormSet
    fk_name = "plan"
    verbose_name = "partnership or police target"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(priority__isnull=True)


admin.site.unregister(Plan)


@admin.register(Plan)
class PlanWithMeasuresAdmin(PlanAdmin):
    inlines = [*PlanAdmin.inlines, PlanMeasureInline]


admin.site.unregister(Priority)


@admin.register(Priority)
class PriorityWithMeasuresAdmin(PriorityAdmin):
    inlines = [*PriorityAdmin.inlines, PriorityMeasureInline]


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class SpreadsheetAdminMixin(ExportMixin):
    """Export and Import buttons on a model's admin list, for its spreadsheet resource.

    The import checks the uploaded file and shows what it would change; only "Confirm
    import" writes, and it writes exactly what the preview showed or nothing. The file
    waits for the confirmation in a private folder under a random name that only the
    user's session knows, with its checksum, so the confirmation cannot name another
    file or a changed one.
    """

    spreadsheet_resource = None
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    export_formats = (CSV, XLSX)
    # Excel reads a CSV file as UTF-8 only when it starts with the byte order mark.
    to_encoding = "utf-8-sig"

    def get_resource_classes(self, request):
        return [self.spreadsheet_resource]

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def has_import_permission(self, request):
        return request.user.has_perm(self.spreadsheet_resource.permission("change"))

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name=name), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_import(request)
        form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
        report = token = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            # One byte over the limit is enough for the size check to refuse it.
            data = upload.read(spreadsheets.MAX_FILE_BYTES + 1)
            report = spreadsheets.spreadsheet_import(
                resource_class=self.spreadsheet_resource,
                file_bytes=data,
                filename=upload.name,
                acting_user=request.user,
                dry_run=True,
            )
            if report.ok:
                token = _pending_save(request, self.opts.label, upload.name, data, report.digest)
        return self._import_page(request, form, report, token)

    def _confirm_import(self, request):
        pending = _pending_take(request, request.POST["token"], self.opts.label)
        if pending is None:
            messages.error(
                request, "That preview has expired or was already used: upload the file again."
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        filename, data, digest = pending
        report = spreadsheets.spreadsheet_import(
            resource_class=self.spreadsheet_resource,
            file_bytes=data,
            filename=filename,
            acting_user=request.user,
            dry_run=False,
            expected_digest=digest,
        )
        if report.committed:
            messages.success(request, report.summary)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        token = None
        if report.stale:
            token = _pending_save(request, self.opts.label, filename, data, report.digest)
        return self._import_page(request, SpreadsheetUploadForm(), report, token)

    def _import_page(self, request, form, report, token):
        resource = self.spreadsheet_resource()
        required = resource.required_columns()
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "form": form,
            "report": report,
            "token": token,
            "required_columns": required,
            "read_only_columns": [c for c in resource.known_columns() if c not in required],
            "max_megabytes": spreadsheets.MAX_FILE_BYTES // spreadsheets.MEGABYTE,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/spreadsheet_import.html", context)


# A previewed file waiting for its confirmation.
PENDING_FOLDER = Path(tempfile.gettempdir()) / "csp-portal-imports"
PENDING_SESSION_KEY = "spreadsheet_imports"
PENDING_SECONDS = 2 * 60 * 60
PENDING_PER_SESSION = 5


def _pending_save(request, model_label, filename, data, digest) -> str:
    PENDING_FOLDER.mkdir(mode=0o700, exist_ok=True)
    now = time.time()
    for old in PENDING_FOLDER.iterdir():
        if old.stat().st_mtime < now - PENDING_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (PENDING_FOLDER / token).write_bytes(data)
    pending = request.session.get(PENDING_SESSION_KEY, {})
    pending[token] = {
        "model": model_label,
        "filename": filename,
        "sha256": hashlib.sha256(data).hexdigest(),
        "digest": digest,
        "saved_at": now,
    }
    for dropped in list(pending)[:-PENDING_PER_SESSION]:
        (PENDING_FOLDER / dropped).unlink(missing_ok=True)
        del pending[dropped]
    request.session[PENDING_SESSION_KEY] = pending
    return token


def _pending_take(request, token, model_label):
    """(filename, bytes, digest) of this session's pending file, once; None otherwise."""
    pending = request.session.get(PENDING_SESSION_KEY, {})
    entry = pending.pop(token, None)
    request.session[PENDING_SESSION_KEY] = pending
    if entry is None:
        return None
    # The token is one this session was given, so the path is one this view wrote.
    path = PENDING_FOLDER / token
    try:
        data = path.read_bytes()
    except OSError:
        return None
    finally:
        path.unlink(missing_ok=True)
    if (
        entry["model"] != model_label
        or entry["saved_at"] < time.time() - PENDING_SECONDS
        or hashlib.sha256(data).hexdigest() != entry["sha256"]
    ):
        return None
    return entry["filename"], data, entry["digest"]


@admin.register(Measure)
class MeasureAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    spreadsheet_resource = MeasureFiguresResource
    list_display = [
        "reference",
        "short_label",
        "category",
        "baseline_value",
        "target_value",
        "actual_value",
        "change_display",
        "status_display",
        "rag_word",
        "responsible_organisation",
        "plan",
    ]
    list_filter = ["plan", "category", "unit", "direction", "responsible_organisation"]
    search_fields = ["reference", "label", "source", "target_text"]
    list_select_related = ["plan__partnership", "responsible_organisation"]
    autocomplete_fields = ["responsible_organisation"]
    ordering = ["plan", "category", "priority__order", "order"]
    fieldsets = [
        (None, {"fields": ["plan", "priority", ("reference", "order", "category"), "label"]}),
        (
            "How it is measured",
            {
                "fields": [
                    ("unit", "direction", "decimal_places"),
                    "source",
                    "responsible_organisation",
                ]
            },
        ),
        ("Figures", {"fields": FIGURE_FIELDS}),
    ]
    # What the figures add up to, read from the measure itself; shown once it is saved.
    readonly_fields = RESULT_FIELDS

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, ("Results (computed from the figures)", {"fields": RESULT_FIELDS})]

    @admin.display(description="measure")
    def short_label(self, measure):
        return measure.label[:100]

    @admin.display(description="change achieved")
    def change_display(self, measure):
        return measure.change.display

    @admin.display(description="target change")
    def target_change_display(self, measure):
        return measure.target_change.display

    @admin.display(description="status")
    def status_display(self, measure):
        return measure.status_display

    @admin.display(description="RAG")
    def rag_word(self, measure):
        # None shows as the admin's empty value: there is nothing to judge yet.
        return measure.rag.capitalize() if measure.rag else None

    @admin.display(description="checks")
    def flag_list(self, measure):
        if not measure.flags:
            return "None"
        return format_html_join("", "<p>Check: {}</p>", ((flag,) for flag in measure.flags))


# Spreadsheet import and export for organisations, contacts and actions: their apps cannot
# import this app's import service, so their admins are extended here.
admin.site.unregister(Organisation)


@admin.register(Organisation)
class OrganisationWithSpreadsheetsAdmin(SpreadsheetAdminMixin, OrganisationAdmin):
    spreadsheet_resource = OrganisationResource


admin.site.unregister(Contact)


@admin.register(Contact)
class ContactWithSpreadsheetsAdmin(SpreadsheetAdminMixin, ContactAdmin):
    spreadsheet_resource = ContactResource


admin.site.unregister(Action)


@admin.register(Action)
class ActionWithSpreadsheetsAdmin(SpreadsheetAdminMixin, ActionAdmin):
    spreadsheet_resource = ActionResource
