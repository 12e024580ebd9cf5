from django.urls import path

from . import views

app_name = "actionplan"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan-list"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("my-actions/", views.MyActionsView.as_view(), name="my-actions"),
]
