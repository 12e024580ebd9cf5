from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("my-actions/", views.MyActionsView.as_view(), name="my-actions"),
    path("my-measures/", views.MyMeasuresView.as_view(), name="my-measures"),
]
