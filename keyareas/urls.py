from django.urls import path

from . import views

app_name = "keyareas"

urlpatterns = [
    path("", views.KeyAreaListView.as_view(), name="list"),
    path("new/", views.KeyAreaCreateView.as_view(), name="create"),
    path("<int:pk>/", views.KeyAreaDetailView.as_view(), name="detail"),
    path("<int:pk>/measures/", views.MeasureAddView.as_view(), name="measure_add"),
    path(
        "<int:pk>/measures/<int:measure_pk>/",
        views.MeasureStatusView.as_view(),
        name="measure_status",
    ),
    path("<int:pk>/evaluations/", views.EvaluationAddView.as_view(), name="evaluate"),
    path("<int:pk>/transform/", views.TransformView.as_view(), name="transform"),
    path("<int:pk>/check/", views.CheckView.as_view(), name="check"),
]
