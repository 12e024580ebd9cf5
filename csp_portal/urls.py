from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partners.forms import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm
from partners.views import accessibility_statement, health, keep_alive
from performance.views.home import HomeView

admin.site.site_header = "CSP Portal administration"
admin.site.site_title = "CSP Portal"
admin.site.index_title = "Plans, partners and figures"
admin.site.login_form = ThrottledAdminAuthenticationForm

handler500 = "partners.errors.server_error"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/keep-alive/", keep_alive, name="keep-alive"),
    path("health/", health, name="health"),
    path("accessibility/", accessibility_statement, name="accessibility-statement"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("plans/", include("actionplan.urls")),
    path("partner/", include("partners.urls")),
    path("performance/", include("performance.urls")),
    path("admin/", admin.site.urls),
]
