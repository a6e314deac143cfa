from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from common.views import healthz
from registry.api_work import DueListView as DueListApiView

from .api import router
from .views import HomeView

handler400 = "common.views.error_400"
handler403 = "common.views.error_403"
handler404 = "common.views.error_404"
handler500 = "common.views.error_500"

api_patterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("due/", DueListApiView.as_view(), name="due"),
    *router.urls,
]

urlpatterns = [
    path("healthz", login_not_required(healthz), name="healthz"),
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("accounts.urls")),
    path("people/", include("registry.urls")),
    path("rehab/", include("rehab.urls")),
    path("treatment/", include("treatment.urls")),
    path("hotspots/", include("hotspots.urls")),
    path("cases/", include("cases.urls")),
    path("businesses/", include("businesses.urls")),
    path("tips/", include("tips.urls")),
    path("key-areas/", include("keyareas.urls")),
    path("communes/", include("communes.urls")),
    path("reports/", include("reporting.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("django-admin/", admin.site.urls),
]
