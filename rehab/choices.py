"""Choices of the rehab app (TextChoices with labels through gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import Sector


class FacilityKind(models.TextChoices):
    DETERMINATION = "determination", _("Addiction-determination facility")
    HEALTH_STATION = "health_station", _("Commune health station (addiction determination)")
    PUBLIC_REHAB = "public_rehab", _("Public rehab facility")
    PRIVATE_REHAB = "private_rehab", _("Private rehab facility")
    COMMUNITY = "community", _("Family and community rehab provider")
    SUBSTITUTION = "substitution", _("Substitution-treatment site")
    PSYCHIATRIC = "psychiatric", _("Psychiatric hospital")
    REFORM_SCHOOL = "reform_school", _("Reform school")


class FacilityMeasure(models.TextChoices):
    DETERMINATION = "determination", _("Addiction determination")
    VOLUNTARY_REHAB = "voluntary_rehab", _("Voluntary rehab")
    COMMUNITY_REHAB = "community_rehab", _("Rehab at home and in the community")
    COMPULSORY_ADULT = "compulsory_adult", _("Compulsory rehab (adults)")
    COMPULSORY_MINOR = "compulsory_minor", _("Compulsory rehab (minors)")
    SUBSTITUTION = "substitution", _("Substitution treatment")
    PSYCHOSIS = "psychosis", _("Treatment of drug-induced psychosis")


class FacilityList(models.TextChoices):
    """The lists a province publishes; each has an owning sector."""

    DETERMINATION = "determination", _("Addiction-determination facilities")
    SUBSTITUTION = "substitution", _("Substitution-treatment sites")
    PSYCHIATRIC = "psychiatric", _("Psychiatric hospitals treating drug-induced psychosis")
    PUBLIC_REHAB = "public_rehab", _("Public rehab facilities")
    PRIVATE_REHAB = "private_rehab", _("Private rehab facilities")
    COMMUNITY = "community", _("Family and community rehab providers")


# Which list a facility of each kind appears on.
KIND_LIST = {
    FacilityKind.DETERMINATION: FacilityList.DETERMINATION,
    FacilityKind.HEALTH_STATION: FacilityList.DETERMINATION,
    FacilityKind.SUBSTITUTION: FacilityList.SUBSTITUTION,
    FacilityKind.PSYCHIATRIC: FacilityList.PSYCHIATRIC,
    FacilityKind.PUBLIC_REHAB: FacilityList.PUBLIC_REHAB,
    FacilityKind.PRIVATE_REHAB: FacilityList.PRIVATE_REHAB,
    FacilityKind.COMMUNITY: FacilityList.COMMUNITY,
    FacilityKind.REFORM_SCHOOL: FacilityList.PUBLIC_REHAB,
}

# Who publishes each list: Health its determination facilities, substitution sites and
# psychiatric hospitals; the provincial police (in charge of rehab since 03/2025) the rest.
LIST_SECTOR = {
    FacilityList.DETERMINATION: Sector.HEALTH,
    FacilityList.SUBSTITUTION: Sector.HEALTH,
    FacilityList.PSYCHIATRIC: Sector.HEALTH,
    FacilityList.PUBLIC_REHAB: Sector.POLICE,
    FacilityList.PRIVATE_REHAB: Sector.POLICE,
    FacilityList.COMMUNITY: Sector.POLICE,
}

# The measures a facility of each kind may be declared to perform.
KIND_MEASURES = {
    FacilityKind.DETERMINATION: {FacilityMeasure.DETERMINATION},
    FacilityKind.HEALTH_STATION: {FacilityMeasure.DETERMINATION},
    FacilityKind.SUBSTITUTION: {FacilityMeasure.SUBSTITUTION, FacilityMeasure.DETERMINATION},
    FacilityKind.PSYCHIATRIC: {FacilityMeasure.PSYCHOSIS, FacilityMeasure.DETERMINATION},
    FacilityKind.PUBLIC_REHAB: {
        FacilityMeasure.VOLUNTARY_REHAB,
        FacilityMeasure.COMPULSORY_ADULT,
        FacilityMeasure.COMPULSORY_MINOR,
        FacilityMeasure.DETERMINATION,
    },
    FacilityKind.PRIVATE_REHAB: {FacilityMeasure.VOLUNTARY_REHAB},
    FacilityKind.COMMUNITY: {FacilityMeasure.COMMUNITY_REHAB},
    FacilityKind.REFORM_SCHOOL: {FacilityMeasure.COMPULSORY_MINOR},
}


class DeterminationResult(models.TextChoices):
    ADDICTED = "addicted", _("Addicted")
    NOT_ADDICTED = "not_addicted", _("Not addicted")


class Degree(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


# The six criteria of Circular 18/2021/TT-BYT (Art. 3), as fields of AddictionDetermination.
CRITERIA = (
    ("craving", _("Strong craving or compulsion to use")),
    ("loss_of_control", _("Difficulty controlling the use (onset, end or amount)")),
    ("withdrawal", _("Withdrawal syndrome when stopping or reducing")),
    ("tolerance", _("Tolerance: increasing amounts needed")),
    ("neglect", _("Neglect of other pleasures or interests")),
    ("harm", _("Continued use despite clear harm")),
)


class PlacementForm(models.TextChoices):
    VOLUNTARY_HOME = "voluntary_home", _("Voluntary rehab at home")
    VOLUNTARY_COMMUNITY = "voluntary_community", _("Voluntary rehab in the community")
    VOLUNTARY_PUBLIC = "voluntary_public", _("Voluntary rehab at a public facility")
    VOLUNTARY_PRIVATE = "voluntary_private", _("Voluntary rehab at a private facility")
    COMPULSORY_ADULT = "compulsory_adult", _("Compulsory rehab (adult)")
    COMPULSORY_MINOR = "compulsory_minor", _("Compulsory rehab (minor)")
    PSYCHOSIS = "psychosis", _("Treatment of drug-induced psychosis")


VOLUNTARY_FORMS = {
    PlacementForm.VOLUNTARY_HOME,
    PlacementForm.VOLUNTARY_COMMUNITY,
    PlacementForm.VOLUNTARY_PUBLIC,
    PlacementForm.VOLUNTARY_PRIVATE,
}
COMPULSORY_FORMS = {PlacementForm.COMPULSORY_ADULT, PlacementForm.COMPULSORY_MINOR}

# The measure a facility must perform for a placement of each form (home rehab: none needed).
FORM_FACILITY_MEASURE = {
    PlacementForm.VOLUNTARY_COMMUNITY: FacilityMeasure.COMMUNITY_REHAB,
    PlacementForm.VOLUNTARY_PUBLIC: FacilityMeasure.VOLUNTARY_REHAB,
    PlacementForm.VOLUNTARY_PRIVATE: FacilityMeasure.VOLUNTARY_REHAB,
    PlacementForm.COMPULSORY_ADULT: FacilityMeasure.COMPULSORY_ADULT,
    PlacementForm.COMPULSORY_MINOR: FacilityMeasure.COMPULSORY_MINOR,
    PlacementForm.PSYCHOSIS: FacilityMeasure.PSYCHOSIS,
}


class PlacementOutcome(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    QUIT = "quit", _("Quit")
    ABSCONDED = "absconded", _("Absconded")
    EARLY_RELEASE = "early_release", _("Early release (3–6 months)")
    DIED = "died", _("Died")
    TRANSFERRED = "transferred", _("Transferred")


class PlacementEventKind(models.TextChoices):
    STARTED = "started", _("Started")
    ADMITTED = "admitted", _("Admitted to the facility")
    ENDED = "ended", _("Ended")


# ---- Compulsory-rehab dossiers ------------------------------------------------------------


class DossierStage(models.TextChoices):
    COMPILED = "compiled", _("Compiled by the commune police")
    OPEN_FOR_READING = "open_for_reading", _("Open for the person to read")
    SUBMITTED = "submitted", _("Submitted to the regional court")
    COURT_QUESTIONS = "court_questions", _("Court questions answered")
    DECIDED = "decided", _("Decided by the court")
    ENFORCED = "enforced", _("Enforced (taken to the facility)")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected by the court")


# The stages that may follow each stage (the dossier's order); completion comes from the
# placement, not from a form.
NEXT_STAGES = {
    DossierStage.COMPILED: (DossierStage.OPEN_FOR_READING, DossierStage.WITHDRAWN),
    DossierStage.OPEN_FOR_READING: (DossierStage.SUBMITTED, DossierStage.WITHDRAWN),
    DossierStage.SUBMITTED: (
        DossierStage.COURT_QUESTIONS,
        DossierStage.DECIDED,
        DossierStage.REJECTED,
        DossierStage.WITHDRAWN,
    ),
    DossierStage.COURT_QUESTIONS: (
        DossierStage.COURT_QUESTIONS,
        DossierStage.DECIDED,
        DossierStage.REJECTED,
        DossierStage.WITHDRAWN,
    ),
    DossierStage.DECIDED: (DossierStage.ENFORCED,),
    DossierStage.ENFORCED: (),
    DossierStage.COMPLETED: (),
    DossierStage.WITHDRAWN: (),
    DossierStage.REJECTED: (),
}
CLOSED_STAGES = {DossierStage.COMPLETED, DossierStage.WITHDRAWN, DossierStage.REJECTED}
# The stages recorded through the stage form (completion is recorded by the placement).
FORM_STAGES = [s for s in DossierStage.values if s not in (DossierStage.COMPILED, "completed")]


class DeadlineStep(models.TextChoices):
    """The procedural steps with a deadline (Decree 163/2026 Art. …; kept as data)."""

    COMPILE = "compile", _("Compile the dossier and give it to the person")
    READ = "read", _("Time for the person to read the dossier")
    SUBMIT = "submit", _("Send the dossier to the court after reading")
    ANSWER = "answer", _("Answer the court's questions")
    ENFORCE = "enforce", _("Take the person to the facility after the decision")


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("hours")


# ---- Post-rehab follow-up, voluntary registration, services reached, education at commune --


class SupportKind(models.TextChoices):
    """Support given to a person under post-rehab management (Home Affairs, mass
    organisations, the commune)."""

    JOB = "job", _("Job or vocational placement")
    STUDY = "study", _("Study or vocational training")
    LOAN = "loan", _("Preferential loan")
    COUNSELLING = "counselling", _("Counselling")
    OTHER = "other", _("Other support")


class RelapseBasis(models.TextChoices):
    """What shows that a person under post-rehab management relapsed."""

    POSITIVE_TEST = "positive_test", _("Positive drug test")
    DETERMINATION = "determination", _("Determined addicted again")
    ADMISSION = "admission", _("The person's own admission")
    OTHER = "other", _("Other evidence")


class ServiceKind(models.TextChoices):
    """The services 001's > 80 % target counts: counselling, treatment, rehab and
    community-reintegration support, for every managed person."""

    COUNSELLING = "counselling", _("Counselling")
    TREATMENT = "treatment", _("Treatment")
    REHAB = "rehab", _("Rehab")
    REINTEGRATION = "reintegration", _("Community-reintegration support")


VOLUNTARY_FORM_CHOICES = [(f.value, f.label) for f in PlacementForm if f in VOLUNTARY_FORMS]


class EducationStatus(models.TextChoices):
    """Education at commune ("giáo dục tại xã, phường, thị trấn"): the dossier, the decision and
    its period, its end."""

    COMPILED = "compiled", _("Dossier compiled")
    DECIDED = "decided", _("Decided: under education")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")
    WITHDRAWN = "withdrawn", _("Dossier withdrawn")


EDUCATION_OPEN = {EducationStatus.COMPILED, EducationStatus.DECIDED}
