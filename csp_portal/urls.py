from django.contrib import admin
from django.urls import include, path

from actionplan.views import home

admin.site.site_header = "CSP Portal administration"
admin.site.site_title = "CSP Portal"
admin.site.index_title = "Plans, partners and figures"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("plans/", include("actionplan.urls")),
    path("performance/", include("performance.urls")),
    path("admin/", admin.site.urls),
]
