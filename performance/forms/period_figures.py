"""The figures page by period: one form per measure due, for its actual of that period.

The page carries one signed record of what it showed: for each row, the measure's version
(which covers its series) and a short digest of the figure's fields as shown. A row counts as
changed only when what is posted differs from what was shown, whatever anyone saved meanwhile,
and the save refuses every row when someone saved one of the changed measures first. Eight
bytes of digest a row, not the figures themselves: at 500 rows the record is a few
kilobytes (docs/benchmarks.md).
"""

from __future__ import annotations

import base64
import hashlib
from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from actionplan.models import Plan
from figure_text import figure_as_typed
from web.figure_field import FigureField

from ..models import Measure, MeasureFigure
from ..period_rows import PeriodRow, period_sections
from ..plan_periods import PlanPeriod, same_period_last_year
from ..services import StaleMeasures
from ..services.period_figures import PeriodFigureEdit, PeriodFiguresRefused, period_figures_save
from .figure_rows import RELOAD, RowErrors
from .figures_page import SummaryError

State = MeasureFigure.State
# The figure's own fields, always on the page; the change as the source reported it is
# optional (issue 15) and shown on request (`reported`), as on the partner's return.
FIGURE_FIELDS = ("value", "state", "note")
REPORTED_FIELDS = ("reported_change", "reported_change_kind", "reported_basis")
FIELDS = FIGURE_FIELDS + REPORTED_FIELDS
NO_VALUE = (
    "Enter the figure, or choose why there is none (not yet available, not applicable or lagged)."
)
RECORD_SALT = "performance.forms.period_figures.seen"
RECORD_FIELD = "seen"


@dataclass(frozen=True)
class Seen:
    """A row as the page showed it: the measure's version and a digest of the figure."""

    version: int
    digest: str


def _canonical(value) -> str:
    """A field's value as the digest reads it, whether saved or posted: 667.00 and "667" are
    one figure; a browser sends a note's line breaks as CRLF."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return figure_as_typed(value)
    return str(value).replace("\r\n", "\n").strip()


def digest_of(values) -> str:
    text = "\x1f".join(_canonical(value) for value in values)
    return base64.urlsafe_b64encode(hashlib.blake2b(text.encode(), digest_size=6).digest()).decode()


class PeriodFigureForm(RowErrors, forms.ModelForm):
    value = FigureField(label="Value")

    class Meta:
        model = MeasureFigure
        fields = FIGURE_FIELDS
        widgets = {"note": forms.Textarea}

    def __init__(self, data=None, *, measure: Measure, figure: MeasureFigure, seen=None):
        """`seen` is the row as the page showed it (from the page's record) when bound."""
        self.measure = measure
        # The form gets a copy: validation writes the entered figures into its instance, and
        # the page goes on showing the saved ones beside them.
        super().__init__(
            data,
            instance=copy(figure),
            prefix=f"m{measure.pk}",
            auto_id="%s",  # an id (only where something links to it) is the field's name
            empty_permitted=True,
            use_required_attribute=False,
        )
        self.started_from = seen if self.is_bound else self.shown

    @property
    def shown(self) -> Seen:
        """The row as the page shows it unbound: the saved figure and the measure's version."""
        return Seen(self.measure.version, digest_of(getattr(self.instance, n) for n in self.fields))

    def _posted_digest(self) -> str | None:
        values = []
        for name, field in self.fields.items():
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                values.append(field.to_python(raw))
            except ValidationError:
                return None  # nothing the page showed fails to read back
        return digest_of(values)

    def has_changed(self) -> bool:
        if not self.is_bound:
            return False
        if not hasattr(self, "_changed"):
            # Without a record, against what is saved (the row is then refused: RELOAD).
            against = (self.started_from or self.shown).digest
            self._changed = self._posted_digest() != against
        return self._changed

    @property
    def changed_data(self):
        return list(self.fields) if self.has_changed() else []

    @property
    def emptied(self) -> bool:
        """The officer cleared every box of a saved figure: it is to be removed. A change as
        reported that the page did not show is a box not cleared."""
        data = self.cleaned_data
        given = {name: data.get(name, getattr(self.instance, name)) for name in FIELDS}
        return bool(self.instance.pk) and not any(
            [given["value"] is not None, given["state"] != State.PROVIDED]
            + [given[name] for name in ("note", "reported_change", "reported_basis")]
        )

    def clean(self):
        cleaned = super().clean()
        if self.started_from is None:
            raise ValidationError(RELOAD, code="no_seen")
        provided = cleaned.get("state") == State.PROVIDED
        no_value = cleaned.get("value") is None and "value" not in self.errors
        if provided and no_value and not self.emptied:
            self.add_error("value", NO_VALUE)
        return cleaned

    def edit(self) -> PeriodFigureEdit:
        return PeriodFigureEdit(
            measure=self.measure,
            seen_version=self.started_from.version,
            figure=self.instance,
            remove=self.emptied,
        )


class ReportedPeriodFigureForm(PeriodFigureForm):
    """The same row with the change as the source reported it."""

    class Meta(PeriodFigureForm.Meta):
        fields = FIELDS


class _SharedFields(dict):
    """A form's fields that every row's form shares, not copies: Django copies them for each
    form so that one may change its own, and no row here does (labels, choices and widgets
    are the class's). At 500 rows the copies were a tenth of the page's time."""

    def __deepcopy__(self, memo):
        return dict(self)


# The model's help texts are written for the admin; the page explains itself. The state's
# hint for a lagged figure is said once, in the page's introduction, not in every row's list.
for _form in (PeriodFigureForm, ReportedPeriodFigureForm):
    for _field in _form.base_fields.values():
        _field.help_text = ""
    _form.base_fields["state"].choices = [
        (value, "Lagged" if value == State.LAGGED else label) for value, label in State.choices
    ]
    _form.base_fields = _SharedFields(_form.base_fields)


def _new_actual(measure: Measure, plan_period: PlanPeriod) -> MeasureFigure:
    return MeasureFigure(
        measure=measure, what=MeasureFigure.What.ACTUAL, period_label=plan_period.label
    )


class PeriodFiguresPage:
    """Every form of one period's page, unbound or bound to one POST; with `reported`, each
    row also takes the change as the source reported it."""

    def __init__(
        self, *, plan: Plan, plan_period: PlanPeriod, data=None, only=None, reported=False
    ):
        self.plan, self.plan_period = plan, plan_period
        self.only = only  # the pks of the measures the page is for; None for every one
        self.reported = reported
        self.last_year = same_period_last_year(plan, plan_period.slug)
        self.form_class = ReportedPeriodFigureForm if reported else PeriodFigureForm
        # A mutable copy: a row someone else saved is re-offered from what they saved.
        self.data = data.copy() if data is not None else None
        self.seen = self._posted_record() if data is not None else {}
        self.conflicts = 0
        self.saved_rows: list[PeriodRow] = []  # once saved, the rows written
        self._build()

    @property
    def query(self) -> str:
        """What the page's address ends with, for links that keep its columns."""
        return "?reported=1" if self.reported else ""

    @property
    def _salt(self) -> str:
        # A record holds for the page it was drawn for: this plan, period and set of fields.
        return f"{RECORD_SALT}.{self.plan.pk}.{self.plan_period.slug}.{int(self.reported)}"

    def _posted_record(self) -> dict[int, Seen]:
        try:
            text = signing.Signer(salt=self._salt).unsign(self.data.get(RECORD_FIELD, ""))
            return {
                int(pk): Seen(int(version), digest)
                for pk, version, digest in (entry.split(".") for entry in text.split())
            }
        except (signing.BadSignature, ValueError):
            return {}  # every changed row is refused with RELOAD

    @property
    def record(self) -> str:
        """The signed record of every row as shown, for the page's one hidden field."""
        text = " ".join(
            f"{row.measure.pk}.{seen.version}.{seen.digest}"
            for row in self.rows
            if (seen := row.form.started_from) is not None
        )
        return signing.Signer(salt=self._salt).sign(text)

    def _build(self) -> None:
        self.sections = period_sections(self.plan, self.plan_period, only=self.only)
        for row in self.rows:
            figure = row.figure or _new_actual(row.measure, self.plan_period)
            row.form = self.form_class(
                self.data, measure=row.measure, figure=figure, seen=self.seen.get(row.measure.pk)
            )

    @property
    def rows(self) -> list[PeriodRow]:
        return [row for section in self.sections for row in section.rows]

    def _changed(self) -> list[PeriodRow]:
        return [row for row in self.rows if row.form.has_changed()]

    def save(self, *, acting_user) -> int | None:
        """Check and save the page, all or nothing: the number of figures saved; None when
        the page is to be shown again with every refusal and conflict at its row."""
        if all([row.form.is_valid() for row in self.rows]):
            changed = self._changed()
            self.saved_rows = changed
            try:
                return period_figures_save(
                    plan=self.plan,
                    edits=[row.form.edit() for row in changed],
                    acting_user=acting_user,
                )
            except PeriodFiguresRefused as refused:
                for index, errors in refused.by_edit.items():
                    changed[index].form.apply_errors(errors)
            except StaleMeasures as stale:
                self._show_conflicts(stale)
        return None

    def _show_conflicts(self, stale: StaleMeasures) -> None:
        """Re-read the page; each stale row keeps the officer's figures, now against what is
        saved, so that saving it again is a deliberate overwrite by someone who has seen it."""
        by_pk = {conflict.current.pk: conflict for conflict in stale.conflicts}
        self._build()
        for row in self.rows:
            conflict = by_pk.get(row.measure.pk)
            if conflict is None:
                continue
            saved = row.figure or _new_actual(row.measure, self.plan_period)
            now_shown = self.form_class(measure=row.measure, figure=saved).shown
            self.seen[row.measure.pk] = now_shown
            row.form = self.form_class(self.data, measure=row.measure, figure=saved, seen=now_shown)
            row.form.is_valid()
            now = row.shown(row.figure) if row.figure else "not entered"
            row.form.add_error(
                None,
                ValidationError(
                    f"{conflict.saver} saved this measure{conflict.when}, after you opened this "
                    f"page: its figure for {self.plan_period.label} is now {now}. Nothing has "
                    "been saved. Your figures are below: check them and save again."
                ),
            )
            self.conflicts += 1

    @property
    def summary_note(self) -> str:
        if not self.conflicts:
            return ""
        return (
            "Someone else saved some of the measures you changed after you opened this page: "
            "what they saved is shown with each row."
        )

    @property
    def error_summary(self) -> list[SummaryError]:
        summary = []
        for row in self.rows:
            form = row.form
            if not form.is_bound:
                continue
            name = row.measure.reference or row.measure.label[:40]
            summary += [
                SummaryError(f"{name}: {text}", row.anchor) for text in form.non_field_errors()
            ]
            for bound in form.visible_fields():
                summary += [
                    SummaryError(f"{name}, {bound.label.lower()}: {e}", bound.auto_id)
                    for e in bound.errors
                ]
        return summary
