from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("", views.TipListView.as_view(), name="list"),
    path("new/", views.TipCreateView.as_view(), name="create"),
    path("gui/", views.PublicTipView.as_view(), name="public"),
    path("<int:pk>/", views.TipDetailView.as_view(), name="detail"),
    path("<int:pk>/tipster/", views.TipsterView.as_view(), name="tipster"),
    path("<int:pk>/route/", views.TipRouteView.as_view(), name="route"),
    path("<int:pk>/verify/", views.TipVerifyView.as_view(), name="verify"),
    path("<int:pk>/case/", views.TipLinkCaseView.as_view(), name="link_case"),
]
