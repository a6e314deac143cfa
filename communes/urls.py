from django.urls import path

from . import views

app_name = "communes"

urlpatterns = [
    path("", views.CommuneStatusListView.as_view(), name="list"),
    path("roadmap/", views.RoadmapView.as_view(), name="roadmap"),
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("<int:pk>/", views.CommuneStatusDetailView.as_view(), name="detail"),
    path("<int:pk>/decide/", views.DecisionView.as_view(), name="decide"),
    path("<int:pk>/data/", views.YearDataView.as_view(), name="year_data"),
    path("<int:pk>/target/", views.TargetView.as_view(), name="target"),
]
