"""Export and Import buttons for a model's admin list: each app mixes this into its own admin.

The import page and the confirmation are here; the file's checks and the import itself are
``imports.spreadsheet_import``, the waiting file ``pending``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from . import pending
from .files import MAX_FILE_BYTES, MEGABYTE
from .imports import spreadsheet_import


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
        return self.spreadsheet_resource.may_export(request.user) and self.has_view_permission(
            request
        )

    def has_import_permission(self, request):
        return self.spreadsheet_resource.may_import(request.user)

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
            data = upload.read(MAX_FILE_BYTES + 1)
            report = spreadsheet_import(
                resource_class=self.spreadsheet_resource,
                file_bytes=data,
                filename=upload.name,
                acting_user=request.user,
                dry_run=True,
            )
            if report.ok:
                token = pending.save(request, self.opts.label, upload.name, data, report.digest)
        return self._import_page(request, form, report, token)

    def _confirm_import(self, request):
        waiting = pending.take(request, request.POST["token"], self.opts.label)
        if waiting is None:
            messages.error(
                request, "That preview has expired or was already used: upload the file again."
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        filename, data, digest = waiting
        report = spreadsheet_import(
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
            token = pending.save(request, self.opts.label, filename, data, report.digest)
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
            "max_megabytes": MAX_FILE_BYTES // MEGABYTE,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/spreadsheet_import.html", context)
