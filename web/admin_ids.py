"""Admin pages answer 404 for an id that could not be one.

Django's own change and delete pages already do; django-simple-history's history list and
earlier-version pages hand the id straight to the database and fail with a server error on
"1'" or "abc". Every admin that keeps history mixes this in before SimpleHistoryAdmin.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def id_or_404(field, raw: str):
    """`raw` as a value of `field` (a primary key), or 404 when it cannot be one."""
    try:
        value = field.to_python(raw)
    except ValidationError:
        raise Http404("No such record.") from None
    # A text key is taken as it comes, but PostgreSQL refuses a NUL in any string.
    if value in (None, "") or "\x00" in str(value):
        raise Http404("No such record.")
    return value


class WellFormedIdsAdmin:
    """An admin whose history pages answer 404, as a missing record does, for a malformed
    object id or history id."""

    def history_view(self, request, object_id, extra_context=None):
        id_or_404(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        id_or_404(self.model._meta.pk, unquote(object_id))
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        id_or_404(history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class HistoryAdmin(WellFormedIdsAdmin, SimpleHistoryAdmin):
    """The base of every admin that keeps history: django-simple-history's, with its pages
    answering 404 for a malformed id. A new history-keeping admin starts from this one, so
    it cannot forget the check."""
