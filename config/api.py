"""The API router: everything under /api/v1/ needs authentication."""

from rest_framework.routers import DefaultRouter

from registry.api import PersonDocumentViewSet, PersonViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="person")
router.register(
    r"persons/(?P<person_pk>\d+)/documents", PersonDocumentViewSet, basename="person-document"
)
