"""How long typed text may be: every limit, the one message that says so, and the fields
that carry them, for the models, the pages, the admin and the imports alike.

A limit is there so that no text can make a page, an import or the PDF too slow to answer
(bench/pdf_at_limits.py times a plan with every field full). Each is several times the
longest real text of its kind in the seed plan (Tonbridge and Malling's 2012 - 13 draft,
fixtures/seed_plan.json), named below beside the limit.

The browser is never told the limit (no ``maxlength``): it would cut a pasted text short
without a word. The server refuses a text that is too long, says by how much, and the page
shows the text again as it was typed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst

# Narrative, in characters. The PDF prints every text below but the notes and reasons, and
# the texts of many rows (sections, actions, measures) add up: each limit is three to five
# times the seed plan's longest, so that a plan with all of them full still prints in time.
NARRATIVE_SECTION = 15_000  # a plan's introduction, priority issues...: longest 4,362
REVIEW_SECTION = 6_000  # the body of a review of projects section: longest 2,096
PRIORITY_TEXT = 4_000  # a priority's overview or activities introduction: longest 1,033
DESCRIPTION = 1_000  # an action, a measure's wording, the other-formats notice: longest 192
OUTCOME = 500  # an intended outcome: longest 99
ADDRESS = 300  # a postal address: longest 68
# Not printed: only the pages and the admin show them.
PROGRESS_NOTE = 5_000  # a progress report on an action or a measure
REASON = 2_000  # why a plan was approved with gaps, or sent back; why a figure was returned

# Lines, in characters: the sizes of their columns, unchanged.
TITLE = 200  # a name, title, label, source or target as stated: longest 130
SHORT_NAME = 100  # a partnership's short name, a police force: longest 25
KEY_PARTNERS = 300  # key partners that are not organisations: longest 29
CODE = 20  # a priority's code, a measure's reference: longest 16
SLUG = 50  # what begins a partnership's file names: longest 25
PRINTED_FIGURE = 20  # a figure kept as a source printed it: "-999,999,999,999.99" has 19
PERIOD = 50  # a figure's period label: longest 15 ("Jan to Dec 2011")
PHONE = 40  # longest 13
EMAIL = 254  # the longest address the e-mail standard allows


def too_long_message(name: str, limit: int, length: int) -> str:
    """The one message for a text over its limit, on every page, import and the admin."""
    return f"{capfirst(name)} can be at most {limit:,} characters; it has {length:,}."


def counted_length(value: str) -> int:
    # A browser sends each line break of a text box as two characters (CR LF) and its person
    # sees one: count one, as they do.
    return len(value.replace("\r\n", "\n"))


@deconstructible
class TextLimit(MaxLengthValidator):
    """Django's length check, worded by too_long_message for the field it guards."""

    def __init__(self, limit: int, name: str):
        super().__init__(limit)
        self.name = name

    def __call__(self, value):
        length = counted_length(value)
        if length > self.limit_value:
            raise ValidationError(
                too_long_message(self.name, self.limit_value, length),
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": length},
            )

    def __eq__(self, other):
        return super().__eq__(other) and self.name == getattr(other, "name", None)


def limited_form_field(field: forms.Field, *, limit: int, name: str) -> forms.Field:
    """The form field checks the limit with the portal's words, and does not tell the
    browser: a maxlength would cut a pasted text short without saying so."""
    field.max_length = limit
    field.validators = [
        *(v for v in field.validators if not isinstance(v, MaxLengthValidator)),
        TextLimit(limit, name),
    ]
    field.widget.attrs.pop("maxlength", None)
    return field


class LimitedFormText(forms.CharField):
    """A form's text field with a limit: ``LimitedFormText(limit=PROGRESS_NOTE, label=...)``."""

    def __init__(self, *, limit: int, **kwargs):
        super().__init__(max_length=limit, **kwargs)
        limited_form_field(self, limit=limit, name=str(self.label or "This text"))


class _Limited:
    """A model text field whose max_length is checked in the portal's words: by full_clean
    (the services, the imports, the admin) and by every form built from it."""

    # Migrations record the plain Django field: the limit is the same data either way.
    django_path = ""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        # Now the field has its verbose name, which the message names it by.
        self.validators = [
            *(v for v in self.validators if not isinstance(v, MaxLengthValidator)),
            TextLimit(self.max_length, self.verbose_name),
        ]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        if field is None or self.choices:
            return field
        return limited_form_field(field, limit=self.max_length, name=str(self.verbose_name))

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.django_path, args, kwargs


class LimitedTextField(_Limited, models.TextField):
    """``LimitedTextField(max_length=NARRATIVE_SECTION, ...)``: a TextField with its limit."""

    django_path = "django.db.models.TextField"


class LimitedCharField(_Limited, models.CharField):
    django_path = "django.db.models.CharField"


class LimitedEmailField(_Limited, models.EmailField):
    django_path = "django.db.models.EmailField"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", EMAIL)
        super().__init__(*args, **kwargs)


class LimitedSlugField(_Limited, models.SlugField):
    django_path = "django.db.models.SlugField"
