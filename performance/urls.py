from django.urls import path

from .views import (
    approval,
    documents,
    figures,
    period_figures,
    period_return,
    progress,
    reports,
)

app_name = "performance"

urlpatterns = [
    path("plans/<int:plan_pk>/figures/", figures.PlanFiguresView.as_view(), name="plan-figures"),
    path(
        "plans/<int:plan_pk>/figures/<slug:period>/",
        period_figures.PeriodFiguresView.as_view(),
        name="period-figures",
    ),
    path("plans/<int:plan_pk>/overview/", reports.PlanOverviewView.as_view(), name="plan-overview"),
    path("plans/<int:plan_pk>/pdf/", documents.PlanPdfView.as_view(), name="plan-pdf"),
    path(
        "plans/<int:plan_pk>/completeness/",
        reports.PlanCompletenessView.as_view(),
        name="plan-completeness",
    ),
    path(
        "plans/<int:plan_pk>/approval/",
        approval.PlanApprovalView.as_view(),
        name="plan-approval",
    ),
    path("plans/<int:plan_pk>/approve/", approval.plan_approve_view, name="plan-approve"),
    path("plans/<int:plan_pk>/publish/", approval.plan_publish_view, name="plan-publish"),
    path(
        "plans/<int:plan_pk>/return-to-draft/",
        approval.plan_return_to_draft_view,
        name="plan-return-to-draft",
    ),
    path("measures/<int:pk>/", progress.MeasureDetailView.as_view(), name="measure-detail"),
    path("my-measures/", progress.MyMeasuresView.as_view(), name="my-measures"),
    path(
        "my-measures/plans/<int:plan_pk>/<slug:period>/",
        period_return.PeriodReturnView.as_view(),
        name="period-return",
    ),
    path("updates/", progress.UpdateQueueView.as_view(), name="update-queue"),
    path("updates/<int:pk>/accept/", progress.update_accept, name="update-accept"),
    path("updates/<int:pk>/return/", progress.update_return, name="update-return"),
]
