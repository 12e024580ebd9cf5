"""The admin keeps a plan's lifecycle (actionplan.lifecycle): the rows of an approved or
published plan are shown read-only, with what to do to change them.

One mixin for every admin of plan content, model admins and inlines alike. On a row of a
locked plan:

- every field is read-only (disabled) but the admin's `lifecycle_open_fields` (an action's
  status and progress note, a measure's actual figure: the year's reporting, not the plan's
  content), and a value sent for a locked field anyway is refused at the field;
- no child row can be added or deleted, nor the row itself deleted;
- a page with nothing left open is a view-only page, and a POST to it, or one restoring an
  earlier version of it, is refused with a message, whatever the browser sent;
- a new row, or a row moved, into a locked plan is refused at its plan (or priority) field.

The page says why, and links to the plan's approval page, where "Send back to draft" is.
"""

from copy import copy

from django.contrib import messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from .lifecycle import content_locked, locked_message
from .models import Plan

# How a row reaches its plan: through the first of these it has (as policy's scopes do).
_PLAN_PARENTS = ("plan", "priority", "measure", "action")

NOTHING_SAVED = "Nothing has been saved."
NO_RESTORE = (
    "Nothing has been saved: an earlier version of a row of an approved or published plan "
    "cannot be restored."
)


def plan_parent_field(model):
    """The foreign key leading from a row of this model towards its plan; None for a plan."""
    for name in _PLAN_PARENTS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one:
            return field
    return None


def plan_of(row, values=None) -> Plan | None:
    """The plan a row belongs to (a plan's own self); None while it has none. `values` (a
    form's cleaned data) are taken over the row's own, for a row about to be saved."""
    if row is None or isinstance(row, Plan):
        return row
    field = plan_parent_field(type(row))
    if field is None:
        return None
    if values is not None and field.name in values:
        return plan_of(values[field.name])
    # An unsaved row with no parent yet raises an AttributeError here.
    return plan_of(getattr(row, field.name, None))


def locked_plan(row) -> Plan | None:
    """The row's plan if it is approved or published, else None."""
    plan = plan_of(row)
    return plan if plan is not None and content_locked(plan) else None


def locked_notice(plan: Plan) -> str:
    url = reverse("performance:plan-approval", args=[plan.pk])
    return format_html(
        '{} <a href="{}">Open its approval page</a>, where “Send back to draft” is.',
        locked_message(plan),
        url,
    )


class LifecycleForm:
    """A form mixin for a row of plan content.

    A new row, or one moved, into an approved or published plan is refused. On a row of such
    a plan, the `locked_fields` are shown disabled, and a value sent for one of them anyway
    that differs from the saved one is refused at the field, not silently dropped.
    """

    locked_plan: Plan | None = None
    locked_fields: frozenset[str] = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.locked_fields & set(self.fields):
            self.fields[name].disabled = True

    def clean(self):
        cleaned_data = super().clean()
        for name in self.locked_fields & set(self.fields):
            if self._sent_changed(name):
                self.add_error(name, locked_message(self.locked_plan))
        parent = plan_parent_field(self._meta.model)
        moved = parent is not None and parent.name in self.changed_data
        if self.instance._state.adding or moved:
            plan = plan_of(self.instance, cleaned_data)
            if plan is not None and content_locked(plan):
                at = parent.name if parent is not None and parent.name in self.fields else None
                self.add_error(at, locked_message(plan))
        return cleaned_data

    def _sent_changed(self, name: str) -> bool:
        # A browser sends nothing for a disabled box; a crafted request might.
        field, bound = self.fields[name], self[name]
        if field.widget.value_omitted_from_data(self.data, self.files, bound.html_name):
            return False
        sent = field.widget.value_from_datadict(self.data, self.files, bound.html_name)
        # A disabled field never counts as changed: ask an enabled copy.
        enabled = copy(field)
        enabled.disabled = False
        return enabled.has_changed(bound.initial, sent)


def with_lifecycle(form_class, *, model, plan: Plan | None, open_fields):
    """The form class, told which of its fields the plan's stage locks."""
    locked = frozenset()
    if plan is not None:
        locked = frozenset(_editable_fields(model)) - set(open_fields)
    attrs = {"locked_plan": plan, "locked_fields": locked}
    return type(form_class.__name__, (LifecycleForm, form_class), attrs)


class LifecycleAdmin:
    """For a ModelAdmin or an inline of plan content (see the module's docstring). An inline
    is asked about its parent row, whose plan is its rows' plan."""

    #: Fields that stay open on an approved or published plan.
    lifecycle_open_fields: tuple[str, ...] = ()

    def _open_on_page(self, request, obj) -> bool:
        inlines = () if isinstance(self, InlineModelAdmin) else self.get_inlines(request, obj)
        return bool(self.lifecycle_open_fields) or any(
            getattr(inline, "lifecycle_open_fields", ()) for inline in inlines
        )

    # Permissions: what the page offers

    def has_add_permission(self, request, *args):
        # A model admin is asked with no row; an inline with its parent row.
        parent = args[0] if args else None
        return locked_plan(parent) is None and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        if obj is not None and locked_plan(obj) and not self._open_on_page(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return locked_plan(obj) is None and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return with_lifecycle(
            form, model=self.model, plan=locked_plan(obj), open_fields=self.lifecycle_open_fields
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_lifecycle(
            formset.form,
            model=self.model,
            plan=locked_plan(obj),
            open_fields=self.lifecycle_open_fields,
        )
        return formset

    # Views: what the page says, and what a crafted request is told

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        plan = locked_plan(obj)
        if plan is not None:
            messages.warning(request, locked_notice(plan))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if locked_plan(obj) and not self.has_change_permission(request, obj):
                messages.error(request, NOTHING_SAVED)
                return redirect(self._change_url(obj))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        plan = locked_plan(obj)
        if plan is not None:
            # Where something stays open, the writer keeps the locked fields as they are.
            if request.method == "POST" and not self.has_change_permission(request, obj):
                messages.error(request, NO_RESTORE)
                return redirect(self._change_url(obj))
            messages.warning(request, locked_notice(plan))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if locked_plan(obj) is not None:
            messages.error(request, NOTHING_SAVED)
            return redirect(self._change_url(obj))
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        # The list's "delete selected" action: a locked plan's rows stop the whole deletion.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        locked = [f"{obj}: {locked_message(plan)}" for obj in objs if (plan := locked_plan(obj))]
        return deleted, counts, perms_needed, [*protected, *locked]

    def _change_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )


def _editable_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and field.editable and not field.auto_created
    ]
