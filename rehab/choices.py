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
    ENDED = "ended", _("Ended")
