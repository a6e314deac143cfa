from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("export.xlsx", views.PersonExportView.as_view(), name="person_export"),
    path("new/", views.PersonCreateView.as_view(), name="person_create"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("<int:pk>/dossier.pdf", views.PersonDossierPdfView.as_view(), name="person_dossier"),
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
