from django.urls import path

from .views import documents, figures, reports

app_name = "performance"

urlpatterns = [
    path("plans/<int:plan_pk>/figures/", figures.PlanFiguresView.as_view(), name="plan-figures"),
    path("plans/<int:plan_pk>/overview/", reports.PlanOverviewView.as_view(), name="plan-overview"),
    path("plans/<int:plan_pk>/pdf/", documents.PlanPdfView.as_view(), name="plan-pdf"),
    path(
        "plans/<int:plan_pk>/completeness/",
        reports.PlanCompletenessView.as_view(),
        name="plan-completeness",
    ),
]
