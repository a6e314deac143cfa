from django.urls import path

from . import views

app_name = "treatment"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("substitution/", views.TreatmentListView.as_view(), name="substitution_list"),
    path("substitution/new/", views.TreatmentCreateView.as_view(), name="substitution_create"),
    path(
        "people/<int:person_pk>/substitution/new/",
        views.TreatmentCreateView.as_view(),
        name="substitution_create_for",
    ),
    path("substitution/<int:pk>/", views.TreatmentDetailView.as_view(), name="substitution_detail"),
    path(
        "substitution/<int:pk>/status/",
        views.TreatmentStatusView.as_view(),
        name="substitution_status",
    ),
    path("substitution/<int:pk>/dose/", views.DoseView.as_view(), name="substitution_dose"),
    path(
        "substitution/<int:pk>/post-rehab/",
        views.PostRehabView.as_view(),
        name="substitution_post_rehab",
    ),
    path("psychosis/", views.PsychosisListView.as_view(), name="psychosis_list"),
    path("psychosis/new/", views.PsychosisCreateView.as_view(), name="psychosis_create"),
    path(
        "people/<int:person_pk>/psychosis/new/",
        views.PsychosisCreateView.as_view(),
        name="psychosis_create_for",
    ),
    path("psychosis/<int:pk>/", views.PsychosisDetailView.as_view(), name="psychosis_detail"),
    path("psychosis/<int:pk>/end/", views.PsychosisEndView.as_view(), name="psychosis_end"),
    path("imports/", views.ImportListView.as_view(), name="import_list"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("imports/<str:kind>/new/", views.ImportCreateView.as_view(), name="import_create"),
    path(
        "imports/<str:kind>/template.xlsx",
        views.ImportTemplateView.as_view(),
        name="import_template",
    ),
]
