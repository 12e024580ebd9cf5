from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from .forms import PortalAdminPasswordChangeForm, PortalPasswordChangeForm, PortalPasswordResetForm
from .sessions import LAST_SEEN, now_seconds


@require_POST
def keep_alive(request):
    """Called by the idle-timeout warning: renews the idle clock (never the 12-hour end)."""
    request.session[LAST_SEEN] = now_seconds()
    return HttpResponse(status=204)


class RequestInFormMixin:
    """The form needs the request: its limits count per client."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PortalPasswordChangeView(RequestInFormMixin, auth_views.PasswordChangeView):
    form_class = PortalPasswordChangeForm


class PortalPasswordResetView(RequestInFormMixin, auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm


def admin_password_change(site):
    """The administration's own password page, as Django's AdminSite.password_change
    builds it, with the limited current-password check."""

    def password_change(request, extra_context=None):
        request.current_app = site.name
        return PortalPasswordChangeView.as_view(
            form_class=PortalAdminPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=site.name),
            extra_context={**site.each_context(request), **(extra_context or {})},
        )(request)

    return password_change
