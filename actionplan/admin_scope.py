"""The admin of plan content shows and changes only the user's partnerships' rows."""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import ValidationError
from django.http import Http404

from .models import Partnership, Plan, Priority, Theme
from .policy import access_for, partnership_scope

PARTNERSHIP_ROWS = (Partnership, Plan, Priority, Theme)


class PartnershipScopedFilter(admin.RelatedFieldListFilter):
    """A list filter on a plan (or partnership, priority, theme) offering the user's only."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        mine = partnership_scope(field.related_model._default_manager.all(), request.user)
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": mine.values("pk")}, ordering=ordering
        )


class PartnershipScopedAdmin:
    """An admin of plan content that shows and changes only the user's partnerships' rows
    (actionplan.policy): lists, change, delete and history pages, the choices of a plan,
    priority or theme, and the list filters. Another partnership's row is not found, exactly
    as one that does not exist. The IT team (superusers) sees every partnership."""

    def get_queryset(self, request):
        return partnership_scope(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in PARTNERSHIP_ROWS:
            choices = kwargs.get("queryset")
            if choices is None:
                choices = db_field.related_model._default_manager.all()
            kwargs["queryset"] = partnership_scope(choices, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        return [
            (name, PartnershipScopedFilter)
            if isinstance(name, str)
            and get_fields_from_path(self.model, name)[-1].related_model in PARTNERSHIP_ROWS
            else name
            for name in super().get_list_filter(request)
        ]

    # django-simple-history finds an object's history (and an earlier version) by its id
    # alone, without the admin's queryset.

    def history_view(self, request, object_id, extra_context=None):
        self._found_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._found_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _found_or_404(self, request, object_id) -> None:
        if access_for(request.user).is_superuser:
            return  # the IT team also reads the history of deleted rows
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            found = False
        if not found:
            raise Http404
