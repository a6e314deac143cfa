from django.urls import path

from . import views, views_checks, views_history, views_periods, views_work

app_name = "registry"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("export.xlsx", views.PersonExportView.as_view(), name="person_export"),
    path("new/", views.PersonCreateView.as_view(), name="person_create"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("<int:pk>/dossier.pdf", views.PersonDossierPdfView.as_view(), name="person_dossier"),
    path(
        "<int:pk>/category/",
        views_history.CategoryChangeView.as_view(),
        name="person_category_change",
    ),
    path(
        "<int:pk>/events/<int:event_pk>/correct/",
        views_history.EventCorrectionView.as_view(),
        name="person_event_correct",
    ),
    path(
        "<int:pk>/special/",
        views_history.SpecialManagementView.as_view(),
        name="person_special_management",
    ),
    path("due/", views_work.DueListView.as_view(), name="due_list"),
    path("tasks/new/", views_work.TaskCreateView.as_view(), name="task_create"),
    path("tasks/<int:pk>/", views_work.TaskDetailView.as_view(), name="task_detail"),
    path("<int:pk>/tests/new/", views_checks.DrugTestCreateView.as_view(), name="drug_test_add"),
    path("<int:pk>/contacts/new/", views_checks.ContactCreateView.as_view(), name="contact_add"),
    path("<int:pk>/periods/new/", views_periods.PeriodCreateView.as_view(), name="period_create"),
    path(
        "<int:pk>/periods/<int:period_pk>/extend/",
        views_periods.PeriodExtendView.as_view(),
        name="period_extend",
    ),
    path(
        "<int:pk>/periods/<int:period_pk>/end/",
        views_periods.PeriodEndView.as_view(),
        name="period_end",
    ),
    path(
        "<int:pk>/periods/<int:period_pk>/renew/",
        views_periods.PeriodRenewView.as_view(),
        name="period_renew",
    ),
    path(
        "<int:pk>/documents/new/",
        views.PersonDocumentCreateView.as_view(),
        name="person_document_add",
    ),
    path(
        "<int:pk>/documents/<int:doc_pk>/",
        views.PersonDocumentDownloadView.as_view(),
        name="person_document",
    ),
]
