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
from django.utils.text import slugify
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from . import pending
from .files import MEGABYTE
from .imports import spreadsheet_import


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(kinds) > 1:
            # Several files of one list (figures by measure, figures by period): which is it?
            # Not required: a file sent without saying is of the first kind, as before.
            self.fields["kind"] = forms.ChoiceField(
                label="Kind of file",
                choices=kinds,
                initial=kinds[0][0],
                required=False,
                widget=forms.RadioSelect,
            )


def resource_name(resource_class) -> str:
    """The kind of file in words: its Meta.name ("Figures by period"), else its rows'."""
    name = getattr(resource_class._meta, "name", None)
    return name or resource_class.verbose_name_plural().capitalize()


def resource_kind(resource_class) -> str:
    return slugify(resource_name(resource_class))


class SpreadsheetAdminMixin(ExportMixin):
    """Export and Import buttons on a model's admin list, for its spreadsheet resource.

    The import checks the uploaded file and shows what it would change; only "Confirm
    import" writes, and it writes exactly what the preview showed or nothing. The file
    waits for the confirmation in a private folder under a random name that only the
    user's session knows, with its checksum, so the confirmation cannot name another
    file or a changed one.
    """

    spreadsheet_resource = None
    #: More than one kind of file for the same list, the first the default (e.g. figures one
    #: row per measure, and one row per measure and period); else the one resource above.
    spreadsheet_resources: tuple = ()
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    export_formats = (CSV, XLSX)
    # Excel reads a CSV file as UTF-8 only when it starts with the byte order mark.
    to_encoding = "utf-8-sig"

    def get_resource_classes(self, request):
        return list(self.spreadsheet_resources or [self.spreadsheet_resource])

    def _kinds(self) -> dict[str, type]:
        return {resource_kind(each): each for each in self.get_resource_classes(None)}

    def _upload_form(self, data=None, files=None):
        kinds = [(kind, resource_name(each)) for kind, each in self._kinds().items()]
        return SpreadsheetUploadForm(data, files, kinds=kinds)

    def _pending_label(self, kind: str) -> str:
        return f"{self.opts.label}:{kind}"

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
        form = self._upload_form(request.POST or None, request.FILES or None)
        report = token = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data.get("kind") or next(iter(self._kinds()))
            resource_class = self._kinds()[kind]
            # One byte over the limit is enough for the size check to refuse it.
            data = upload.read(resource_class.limits.most_bytes + 1)
            report = spreadsheet_import(
                resource_class=resource_class,
                file_bytes=data,
                filename=upload.name,
                acting_user=request.user,
                dry_run=True,
            )
            if report.ok:
                label = self._pending_label(kind)
                token = pending.save(request, label, upload.name, data, report.digest)
        return self._import_page(request, form, report, token)

    def _confirm_import(self, request):
        by_label = {self._pending_label(kind): kind for kind in self._kinds()}
        waiting = pending.take_any(request, request.POST["token"], tuple(by_label))
        if waiting is None:
            messages.error(
                request, "That preview has expired or was already used: upload the file again."
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        label, filename, data, digest = waiting
        kind = by_label[label]
        resource_class = self._kinds()[kind]
        report = spreadsheet_import(
            resource_class=resource_class,
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
            label = self._pending_label(kind)
            token = pending.save(request, label, filename, data, report.digest)
        return self._import_page(request, self._upload_form(), report, token)

    def _import_page(self, request, form, report, token):
        kinds = []
        for resource_class in self._kinds().values():
            resource = resource_class()
            required = resource.required_columns()
            read_only = [c for c in resource.known_columns() if c not in required]
            most = resource_class.limits.most_bytes // MEGABYTE
            kinds.append((resource_name(resource_class), required, read_only, most))
        name, required, read_only, most = kinds[0]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "form": form,
            "report": report,
            "token": token,
            "required_columns": required,
            "read_only_columns": read_only,
            "max_megabytes": most,
            # (name, required columns, read-only columns, MB) of each kind, where several.
            "kinds": kinds if len(kinds) > 1 else [],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/spreadsheet_import.html", context)
