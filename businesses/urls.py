from django.urls import path

from . import views

app_name = "businesses"

urlpatterns = [
    path("", views.BusinessListView.as_view(), name="list"),
    path("new/", views.BusinessCreateView.as_view(), name="create"),
    path("inspections/", views.InspectionListView.as_view(), name="inspections"),
    path("<int:pk>/", views.BusinessDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.BusinessEditView.as_view(), name="edit"),
    path("<int:pk>/inspect/", views.InspectionCreateView.as_view(), name="inspect"),
    path("<int:pk>/status/", views.BusinessStatusView.as_view(), name="status"),
    path("<int:pk>/hotspot/", views.BusinessLinkHotspotView.as_view(), name="link_hotspot"),
    path("<int:pk>/case/", views.BusinessLinkCaseView.as_view(), name="link_case"),
]
