"""The API router: everything under /api/v1/ needs authentication."""

from rest_framework.routers import DefaultRouter

from registry.api import PersonViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="person")
