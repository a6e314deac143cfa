from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("new/", views.CaseCreateView.as_view(), name="create"),
    path("pick-person/", views.PersonPickView.as_view(), name="pick_person"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CaseEditView.as_view(), name="edit"),
    path("<int:pk>/stage/", views.CaseStepView.as_view(), name="step"),
    path("<int:pk>/suspects/", views.SuspectAddView.as_view(), name="suspect_add"),
    path(
        "<int:pk>/suspects/<int:suspect_pk>/event/",
        views.SuspectEventView.as_view(),
        name="suspect_event",
    ),
    path("<int:pk>/seizures/", views.SeizureAddView.as_view(), name="seizure_add"),
    path(
        "<int:pk>/seizures/<int:seizure_pk>/correct/",
        views.SeizureCorrectView.as_view(),
        name="seizure_correct",
    ),
    path(
        "<int:pk>/seizures/<int:seizure_pk>/withdraw/",
        views.SeizureRemoveView.as_view(),
        name="seizure_remove",
    ),
    path("planting/", views.PlantingListView.as_view(), name="planting_list"),
    path("planting/new/", views.PlantingCreateView.as_view(), name="planting_create"),
    path("planting/<int:pk>/", views.PlantingDetailView.as_view(), name="planting_detail"),
    path("planting/<int:pk>/edit/", views.PlantingEditView.as_view(), name="planting_edit"),
    path("planting/<int:pk>/step/", views.PlantingStepView.as_view(), name="planting_step"),
]
