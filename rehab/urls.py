from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import (
    views,
    views_dashboard,
    views_determinations,
    views_dossiers,
    views_education,
    views_followup,
    views_placements,
    views_reach,
)

app_name = "rehab"

urlpatterns = [
    path("", views_dashboard.DashboardView.as_view(), name="overview"),
    path("dashboard/", views_dashboard.DashboardView.as_view(), name="dashboard"),
    path("reached/", views_dashboard.ReachedPeopleView.as_view(), name="reached_people"),
    path("facilities/", views.FacilityListView.as_view(), name="facility_list"),
    path("facilities/new/", views.FacilityCreateView.as_view(), name="facility_create"),
    path("facilities/<int:pk>/edit/", views.FacilityEditView.as_view(), name="facility_edit"),
    path("facilities/publish/", views.PublishView.as_view(), name="facility_publish"),
    path(
        "determinations/",
        views_determinations.DeterminationListView.as_view(),
        name="determination_list",
    ),
    path(
        "determinations/<int:pk>/",
        views_determinations.DeterminationDetailView.as_view(),
        name="determination_detail",
    ),
    path(
        "people/<int:person_pk>/determinations/new/",
        views_determinations.DeterminationCreateView.as_view(),
        name="determination_create",
    ),
    path("learners/", views_placements.LearnerListView.as_view(), name="learner_list"),
    path(
        "placements/<int:pk>/admit/",
        views_placements.PlacementAdmitView.as_view(),
        name="placement_admit",
    ),
    path("placements/", views_placements.PlacementListView.as_view(), name="placement_list"),
    path(
        "placements/<int:pk>/",
        views_placements.PlacementDetailView.as_view(),
        name="placement_detail",
    ),
    path(
        "placements/<int:pk>/end/",
        views_placements.PlacementEndView.as_view(),
        name="placement_end",
    ),
    path(
        "people/<int:person_pk>/placements/new/",
        views_placements.PlacementCreateView.as_view(),
        name="placement_create",
    ),
    path("dossiers/", views_dossiers.DossierListView.as_view(), name="dossier_list"),
    path("dossiers/<int:pk>/", views_dossiers.DossierDetailView.as_view(), name="dossier_detail"),
    path(
        "dossiers/<int:pk>/stage/<str:stage>/",
        views_dossiers.DossierStageView.as_view(),
        name="dossier_stage",
    ),
    path(
        "dossiers/<int:pk>/high-risk/",
        views_dossiers.DossierHighRiskView.as_view(),
        name="dossier_high_risk",
    ),
    path(
        "dossiers/<int:pk>/files/<int:file_pk>/",
        views_dossiers.DossierFileView.as_view(),
        name="dossier_file",
    ),
    path(
        "people/<int:person_pk>/dossiers/new/",
        views_dossiers.DossierCreateView.as_view(),
        name="dossier_create",
    ),
    path(
        "post-rehab/<int:pk>/",
        views_followup.FollowupDetailView.as_view(),
        name="followup_detail",
    ),
    path(
        "post-rehab/<int:pk>/support/new/",
        views_followup.SupportCreateView.as_view(),
        name="followup_support",
    ),
    path(
        "post-rehab/<int:pk>/relapse/new/",
        views_followup.RelapseCreateView.as_view(),
        name="followup_relapse",
    ),
    path(
        "post-rehab/<int:pk>/certificate/new/",
        views_followup.CertificateCreateView.as_view(),
        name="followup_certificate",
    ),
    path(
        "people/<int:person_pk>/voluntary-registrations/new/",
        views_reach.RegistrationCreateView.as_view(),
        name="registration_create",
    ),
    path(
        "people/<int:person_pk>/services/new/",
        views_reach.ServiceCreateView.as_view(),
        name="service_create",
    ),
    path("services/", views_reach.ServiceListView.as_view(), name="service_list"),
    path("education/", views_education.EducationListView.as_view(), name="education_list"),
    path(
        "education/<int:pk>/",
        views_education.EducationDetailView.as_view(),
        name="education_detail",
    ),
    path(
        "education/<int:pk>/<str:step>/",
        views_education.EducationStepView.as_view(),
        name="education_step",
    ),
    path(
        "people/<int:person_pk>/education/new/",
        views_education.EducationCreateView.as_view(),
        name="education_create",
    ),
    path(
        "lists/<str:province>/",
        login_not_required(views.PublicIndexView.as_view()),
        name="public_index",
    ),
    path(
        "lists/<str:province>/<str:facility_list>/",
        login_not_required(views.PublicListView.as_view()),
        name="public_list",
    ),
    path(
        "lists/<str:province>/<str:facility_list>/pdf/",
        login_not_required(views.PublicListPdfView.as_view()),
        name="public_list_pdf",
    ),
]
