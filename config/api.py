"""The API router: everything under /api/v1/ needs authentication."""

from rest_framework.routers import DefaultRouter

from registry.api import PersonDocumentViewSet, PersonViewSet
from registry.api_caseloads import CaseloadViewSet, PersonOfficerViewSet
from registry.api_checks import ContactViewSet, DrugTestViewSet
from registry.api_duplicates import DuplicateGroupViewSet, PersonMergeViewSet
from registry.api_imports import ImportJobViewSet
from registry.api_moves import MovedAwayViewSet, PersonResidenceViewSet, PersonTransferViewSet
from registry.api_periods import ManagementPeriodViewSet
from registry.api_quality import DataQualityViewSet
from registry.api_reviews import ReviewCampaignViewSet, ReviewItemViewSet
from registry.api_states import PriorRecordViewSet
from registry.api_supporters import SupporterViewSet
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
router.register("prior-records", PriorRecordViewSet, basename="prior-record")
router.register("supporters", SupporterViewSet, basename="supporter")
router.register("review-campaigns", ReviewCampaignViewSet, basename="review-campaign")
router.register(
    r"review-campaigns/(?P<campaign_pk>\d+)/items", ReviewItemViewSet, basename="review-item"
)
router.register("data-quality", DataQualityViewSet, basename="data-quality")
# Moving, caseloads, duplicates.
router.register(
    r"persons/(?P<person_pk>\d+)/transfer", PersonTransferViewSet, basename="person-transfer"
)
router.register(
    r"persons/(?P<person_pk>\d+)/residences", PersonResidenceViewSet, basename="person-residence"
)
router.register(
    r"persons/(?P<person_pk>\d+)/officer", PersonOfficerViewSet, basename="person-officer"
)
router.register(r"persons/(?P<person_pk>\d+)/merge", PersonMergeViewSet, basename="person-merge")
router.register("moved-away", MovedAwayViewSet, basename="moved-away")
router.register("caseloads", CaseloadViewSet, basename="caseload")
router.register("duplicates", DuplicateGroupViewSet, basename="duplicate")
router.register("person-imports", ImportJobViewSet, basename="person-import")

# Rehab app: facilities and their published lists.
from rehab.api import (  # noqa: E402
    DeterminationViewSet,
    DossierViewSet,
    FacilityListPublicationViewSet,
    FacilityViewSet,
    PlacementViewSet,
)

router.register("facilities", FacilityViewSet, basename="facility")
router.register("placements", PlacementViewSet, basename="placement")
router.register("facility-lists", FacilityListPublicationViewSet, basename="facility-list")
router.register("determinations", DeterminationViewSet, basename="determination")
router.register("dossiers", DossierViewSet, basename="dossier")

# Rehab app: post-rehab follow-up, voluntary-rehab registrations, services reached, education.
from rehab import api_followup  # noqa: E402

router.register("post-rehab-supports", api_followup.SupportViewSet, basename="post-rehab-support")
router.register("post-rehab-relapses", api_followup.RelapseViewSet, basename="post-rehab-relapse")
router.register(
    "post-rehab-certificates", api_followup.CertificateViewSet, basename="post-rehab-certificate"
)
router.register(
    "voluntary-registrations", api_followup.RegistrationViewSet, basename="voluntary-registration"
)
router.register("services-reached", api_followup.ServiceViewSet, basename="service-reached")
router.register("education-measures", api_followup.EducationViewSet, basename="education-measure")

# Reporting app: periods and periodic reports.
from reporting.api import (  # noqa: E402
    EnteredFigureViewSet,
    ReportPeriodViewSet,
    ReportViewSet,
    TargetViewSet,
)

router.register("report-periods", ReportPeriodViewSet, basename="report-period")
router.register("reports", ReportViewSet, basename="report")
router.register("report-targets", TargetViewSet, basename="report-target")
router.register("report-figures", EnteredFigureViewSet, basename="report-figure")

# Hotspots app: points and hotspots (supply side).
from hotspots.api import HotspotViewSet  # noqa: E402

router.register("hotspots", HotspotViewSet, basename="hotspot")

# Businesses app: conditional businesses and their inspections.
from businesses.api import BusinessViewSet, InspectionViewSet  # noqa: E402

router.register("businesses", BusinessViewSet, basename="business")
router.register("inspections", InspectionViewSet, basename="inspection")

# Cases app: drug cases (suspects, seizures, stages) and planting sites.
from cases.api import DrugCaseViewSet, PlantingSiteViewSet  # noqa: E402

router.register("drug-cases", DrugCaseViewSet, basename="drug-case")
router.register("planting-sites", PlantingSiteViewSet, basename="planting-site")

# Treatment app: substitution treatment and the drug-induced psychosis list.
from treatment.api import PsychosisViewSet, TreatmentViewSet  # noqa: E402

router.register("substitution-treatments", TreatmentViewSet, basename="substitution-treatment")
router.register("psychosis", PsychosisViewSet, basename="psychosis")

# Tips app: citizens' tips (the tipster's identity only through its own action).
from tips.api import TipViewSet  # noqa: E402

router.register("tips", TipViewSet, basename="tip")

# Key areas app: designated key areas and their transformation plan.
from keyareas.api import KeyAreaViewSet  # noqa: E402

router.register("key-areas", KeyAreaViewSet, basename="key-area")

# Communes app: the commune drug classification (proposed and decided class).
from communes.api import CommuneStatusViewSet  # noqa: E402

router.register("commune-status", CommuneStatusViewSet, basename="commune-status")
