"""The API router: everything under /api/v1/ needs authentication."""

from rest_framework.routers import DefaultRouter

from registry.api import PersonDocumentViewSet, PersonViewSet
from registry.api_checks import ContactViewSet, DrugTestViewSet
from registry.api_periods import ManagementPeriodViewSet
from registry.api_work import PersonEventViewSet, TaskViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="person")
router.register(
    r"persons/(?P<person_pk>\d+)/documents", PersonDocumentViewSet, basename="person-document"
)
router.register(r"persons/(?P<person_pk>\d+)/events", PersonEventViewSet, basename="person-event")
router.register("tasks", TaskViewSet, basename="task")
router.register("drug-tests", DrugTestViewSet, basename="drug-test")
router.register("contacts", ContactViewSet, basename="contact")
router.register("management-periods", ManagementPeriodViewSet, basename="management-period")
