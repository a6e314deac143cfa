from django.urls import path

from . import (
    views,
    views_caseloads,
    views_checks,
    views_duplicates,
    views_history,
    views_imports,
    views_moves,
    views_periods,
    views_quality,
    views_reviews,
    views_states,
    views_supporters,
    views_work,
)

app_name = "registry"

urlpatterns = [
    path("import/", views_imports.ImportUploadView.as_view(), name="person_import"),
    path(
        "import/template.xlsx",
        views_imports.ImportTemplateView.as_view(),
        name="person_import_template",
    ),
    path(
        "import/<int:pk>/",
        views_imports.ImportJobDetailView.as_view(),
        name="person_import_detail",
    ),
    path(
        "import/<int:pk>/mapping/",
        views_imports.ImportJobMappingView.as_view(),
        name="person_import_mapping",
    ),
    path(
        "import/<int:pk>/confirm/",
        views_imports.ImportJobConfirmView.as_view(),
        name="person_import_confirm",
    ),
    path(
        "import/<int:pk>/report.xlsx",
        views_imports.ImportJobReportView.as_view(),
        name="person_import_report",
    ),
    path("", views.PersonListView.as_view(), name="person_list"),
    path("export.xlsx", views.PersonExportView.as_view(), name="person_export"),
    path(
        "national-db-changes/",
        views_states.NationalDbChangesView.as_view(),
        name="person_national_db_changes",
    ),
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
    path("<int:pk>/custody/", views_states.CustodyView.as_view(), name="person_custody"),
    path(
        "<int:pk>/verification/",
        views_states.VerificationView.as_view(),
        name="person_verification",
    ),
    path(
        "<int:pk>/prior-records/new/",
        views_states.PriorRecordCreateView.as_view(),
        name="prior_record_add",
    ),
    path(
        "<int:pk>/prior-records/<int:record_pk>/void/",
        views_states.PriorRecordVoidView.as_view(),
        name="prior_record_void",
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

# Moving, caseloads, duplicates (views_moves, views_caseloads, views_duplicates).
urlpatterns += [
    path("moved-away/", views_moves.MovedAwayListView.as_view(), name="moved_away_list"),
    path("<int:pk>/transfer/", views_moves.TransferView.as_view(), name="person_transfer"),
    path("<int:pk>/officer/", views_caseloads.OfficerAssignView.as_view(), name="person_officer"),
    path("caseloads/", views_caseloads.CaseloadListView.as_view(), name="caseloads"),
    path("duplicates/", views_duplicates.DuplicateListView.as_view(), name="duplicate_list"),
    path("merge/", views_duplicates.MergeView.as_view(), name="person_merge"),
]

# Who helps each person, review campaigns, data quality (views_supporters, views_reviews,
# views_quality).
urlpatterns += [
    path(
        "<int:pk>/supporters/new/",
        views_supporters.SupporterCreateView.as_view(),
        name="supporter_add",
    ),
    path(
        "<int:pk>/supporters/<int:supporter_pk>/end/",
        views_supporters.SupporterEndView.as_view(),
        name="supporter_end",
    ),
    path("reviews/", views_reviews.ReviewCampaignListView.as_view(), name="review_campaign_list"),
    path(
        "reviews/new/",
        views_reviews.ReviewCampaignCreateView.as_view(),
        name="review_campaign_create",
    ),
    path(
        "reviews/<int:pk>/",
        views_reviews.ReviewCampaignDetailView.as_view(),
        name="review_campaign_detail",
    ),
    path(
        "reviews/<int:pk>/close/",
        views_reviews.ReviewCampaignCloseView.as_view(),
        name="review_campaign_close",
    ),
    path(
        "reviews/<int:pk>/people/",
        views_reviews.ReviewItemListView.as_view(),
        name="review_item_list",
    ),
    path(
        "reviews/<int:pk>/people/<int:item_pk>/",
        views_reviews.ReviewItemView.as_view(),
        name="review_item",
    ),
    path(
        "reviews/<int:pk>/people/<int:item_pk>/confirm/",
        views_reviews.ReviewItemConfirmView.as_view(),
        name="review_item_confirm",
    ),
    path("quality/", views_quality.DataQualityView.as_view(), name="data_quality"),
]
