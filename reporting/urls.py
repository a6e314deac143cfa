from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("all/", views.report_list, name="report-list"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/open/", views.report_open, name="report-open"),
    path("periods/<int:pk>/figures/", views.entered, name="entered"),
    path("targets/", views.targets, name="targets"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("targets/<int:pk>/", views.target_detail, name="target-detail"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target-delete"),
    path("figures/", views.entered_list, name="entered-list"),
    path("figures/<int:pk>/", views.entered_detail, name="entered-detail"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/build-status/", views.report_build_status, name="report-build-status"),
    path("<int:pk>/corrections/", views.report_corrections, name="report-corrections"),
    path("<int:pk>/people/<slug:code>/", views.report_people, name="report-people"),
    path("<int:pk>/download/<str:kind>/", views.report_download, name="report-download"),
    path(
        "<int:pk>/<slug:action>/",
        views.report_action,
        name="report-action",
    ),
]
