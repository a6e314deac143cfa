from django.urls import path

from . import views

app_name = "hotspots"

urlpatterns = [
    path("", views.HotspotListView.as_view(), name="list"),
    path("new/", views.HotspotCreateView.as_view(), name="create"),
    path("map/", views.HotspotMapView.as_view(), name="map"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/", views.HotspotDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.HotspotEditView.as_view(), name="edit"),
    path("<int:pk>/step/", views.HotspotStepView.as_view(), name="step"),
    path("<int:pk>/check/", views.HotspotCheckView.as_view(), name="check"),
    path("<int:pk>/people/", views.HotspotLinkPersonView.as_view(), name="link_person"),
]
