"""The measure admin's writes: its change form and the plan and priority pages' inlines save
through the one writer of measures (services), refusing a stale page on the page itself."""

from actionplan.admin_versions import (
    SaveRefused,
    VersionedInlineFormSet,
    VersionedModelForm,
    non_field,
)
from actionplan.services import ADMIN_REASON

from .models import Measure
from .services import (
    MeasureEdit,
    MeasureRulesBroken,
    StaleMeasures,
    measure_edits_save,
)
from .services.figure_rows import FigureRowsRefused, figure_rows_save


def measures_write(forms: list[VersionedModelForm], *, acting_user) -> None:
    """The measures of an admin page's forms, saved by the one writer of measures: all of
    them, or none and a SaveRefused naming, at each form, the rule broken or the newer
    values someone else saved since the page was drawn."""
    stored = Measure.objects.select_related("plan").in_bulk(
        [form.instance.pk for form in forms if form.instance.pk is not None]
    )
    edits = [
        MeasureEdit(
            measure=stored.get(form.instance.pk, form.instance),
            seen_version=form.seen(),
            values=form.field_values(stored[form.instance.pk]) if form.instance.pk else {},
        )
        for form in forms
    ]
    refusal = SaveRefused()
    try:
        saved = measure_edits_save(edits=edits, acting_user=acting_user, reason=ADMIN_REASON)
    except MeasureRulesBroken as broken:
        for index, errors in broken.by_edit.items():
            refusal.add(forms[index], errors)
        raise refusal from None
    except StaleMeasures as stale:
        by_pk = {form.instance.pk: form for form in forms}
        for conflict in stale.conflicts:
            refusal.add(
                by_pk[conflict.current.pk], non_field(conflict.message), conflict.current.version
            )
        raise refusal from None
    for form, measure in zip(forms, saved, strict=True):
        # The admin goes on with the form's instance (its log entry, its redirect).
        form.instance.pk, form.instance.version = measure.pk, measure.version
        form.instance._state.adding = False


class MeasureInlineFormSet(VersionedInlineFormSet):
    def write(self, forms, *, acting_user):
        measures_write(forms, acting_user=acting_user)


class PriorityMeasureFormSet(MeasureInlineFormSet):
    """A measure added under a priority belongs to that priority's plan."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.plan_id = self.instance.plan_id
        return form


class FigureInlineFormSet(VersionedInlineFormSet):
    """The rows of a measure's series on its admin page, written by `figure_rows_save` after
    the page's measure form has saved (and so checked the version the page showed)."""

    def save_through_writer(self, *, acting_user) -> None:
        self.save(commit=False)  # the forms' instances take the new values; nothing written
        forms = [f for f in self.forms if f.has_changed() and f not in self.deleted_forms]
        try:
            figure_rows_save(
                measure=self.instance,
                rows=[form.instance for form in forms],
                deleted=self.deleted_objects,
                acting_user=acting_user,
                reason=ADMIN_REASON,
            )
        except FigureRowsRefused as refused:
            form_of = {id(form.instance): form for form in self.forms}
            refusal = SaveRefused()
            for row, errors in refused.refused:
                refusal.add(form_of[id(row)], errors)
            raise refusal from None
