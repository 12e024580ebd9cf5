from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import (
    PortalSetPasswordForm,
    ThrottledAdminAuthenticationForm,
    ThrottledAuthenticationForm,
)
from accounts.views import (
    PortalPasswordChangeView,
    PortalPasswordResetView,
    admin_password_change,
    keep_alive,
)
from actionplan.views import accessibility_statement
from performance.views.home import HomeView
from web.views import health

admin.site.site_header = "CSP Portal administration"
admin.site.site_title = "CSP Portal"
admin.site.index_title = "Plans, partners and figures"
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.password_change = admin_password_change(admin.site)

handler400 = "web.errors.bad_request"
handler500 = "web.errors.server_error"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    # Django's own account views, with forms worded in plain English; the rest of
    # django.contrib.auth.urls below as Django ships them.
    path(
        "accounts/password_change/",
        PortalPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=PortalSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("accounts/keep-alive/", keep_alive, name="keep-alive"),
    path("health/", health, name="health"),
    path("accessibility/", accessibility_statement, name="accessibility-statement"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/two-step/", include("accounts.two_step.urls")),
    path("plans/", include("actionplan.urls")),
    path("performance/", include("performance.urls")),
    path("admin/", admin.site.urls),
]
