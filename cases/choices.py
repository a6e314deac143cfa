"""Choices of drug cases, suspects, seizures and planting sites (Vietnamese labels through
gettext; Criminal Code 2015 articles in the labels of the kinds)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

RECORD_TYPE = "drug_case"
PLANTING_RECORD_TYPE = "planting_site"


class CaseKind(models.TextChoices):
    DEALING = "dealing", _("Illegal dealing in narcotics (art. 251)")
    TRANSPORT = "transport", _("Illegal transport of narcotics (art. 250)")
    POSSESSION = "possession", _("Illegal possession of narcotics (art. 249)")
    PRODUCTION = "production", _("Illegal production of narcotics (art. 248)")
    ORGANISING = "organising", _("Organising illegal drug use (art. 255)")
    HARBOURING = "harbouring", _("Harbouring illegal drug use (art. 256)")
    PLANTING = "planting", _("Planting drug-yielding plants (art. 247)")
    OTHER = "other", _("Other drug offence")


# One boolean column per kind: portable and indexable, filtered as `kind_<value>=True`.
KIND_FIELDS = {value: f"kind_{value}" for value in CaseKind.values}


class Route(models.TextChoices):
    ROAD = "road", _("Road")
    WATER = "water", _("Waterway")
    AIR = "air", _("Air")
    COURIER = "courier", _("Courier parcel")
    OTHER = "other", _("Other route")


# 001 §I.2.c: every case with information on transport by air or courier is verified.
VERIFY_ROUTES = (Route.AIR, Route.COURIER)


class Ring(models.TextChoices):
    NONE = "none", _("Not part of a ring")
    INTER_PROVINCIAL = "inter_provincial", _("Inter-provincial ring")
    CROSS_BORDER = "cross_border", _("Cross-border ring")


class CaseStage(models.TextChoices):
    DETECTED = "detected", _("Detected")
    CHARGED = "charged", _("Charged (khởi tố)")
    INDICTED = "indicted", _("Indicted (truy tố)")
    TRIED = "tried", _("Tried (xét xử)")
    ENFORCED = "enforced", _("Sentence enforced")
    SUSPENDED = "suspended", _("Suspended")
    TRANSFERRED = "transferred", _("Transferred to another agency")


class CaseStep(models.TextChoices):
    DETECT = "detect", _("Detection")
    CHARGE = "charge", _("Charge")
    INDICT = "indict", _("Indictment")
    TRY = "try", _("Trial")
    ENFORCE = "enforce", _("Sentence enforcement")
    SUSPEND = "suspend", _("Suspension")
    TRANSFER = "transfer", _("Transfer")


S, T = CaseStage, CaseStep
OPEN_STAGES = (S.DETECTED, S.CHARGED, S.INDICTED)
# step -> (stages it may follow, stage after it)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    T.CHARGE: ((S.DETECTED,), S.CHARGED),
    T.INDICT: ((S.CHARGED,), S.INDICTED),
    T.TRY: ((S.INDICTED,), S.TRIED),
    T.ENFORCE: ((S.TRIED,), S.ENFORCED),
    T.SUSPEND: (OPEN_STAGES, S.SUSPENDED),
    T.TRANSFER: (OPEN_STAGES, S.TRANSFERRED),
}
STEP_STAGE = {T.DETECT: S.DETECTED, **{step: after for step, (_s, after) in TRANSITIONS.items()}}
# Steps that must say their outcome, and steps that must give their reason.
OUTCOME_REQUIRED = (T.TRY,)
REASON_REQUIRED = (T.SUSPEND, T.TRANSFER)
# 001 §I.2.c "vụ án được giải quyết, xét xử": of the cases charged (a criminal case exists from
# the charge), those tried (sentence enforced included) or closed by suspension or transfer.
RESOLVED_STAGES = (S.TRIED, S.ENFORCED, S.SUSPENDED, S.TRANSFERRED)
STAGE_GROUPS = {"open": OPEN_STAGES, "resolved": RESOLVED_STAGES}


class SuspectRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    DEALER = "dealer", _("Dealer")
    TRANSPORTER = "transporter", _("Transporter")
    USER = "user", _("Drug user")
    OTHER = "other", _("Other role")


class SuspectStatus(models.TextChoices):
    AT_LARGE = "at_large", _("Not arrested")
    ARRESTED = "arrested", _("Arrested")
    WANTED = "wanted", _("Wanted (truy nã)")
    SURRENDERED = "surrendered", _("Surrendered (đầu thú)")


class SuspectEventKind(models.TextChoices):
    ARREST = "arrest", _("Arrest")
    WANTED = "wanted", _("Wanted notice")
    SURRENDER = "surrender", _("Surrender")


EVENT_STATUS = {
    SuspectEventKind.ARREST: SuspectStatus.ARRESTED,
    SuspectEventKind.WANTED: SuspectStatus.WANTED,
    SuspectEventKind.SURRENDER: SuspectStatus.SURRENDERED,
}


class DrugType(models.TextChoices):
    HEROIN = "heroin", _("Heroin")
    METH = "meth", _("Methamphetamine (synthetic crystal)")
    TABLETS = "tablets", _("Synthetic tablets (ecstasy etc.)")
    CANNABIS = "cannabis", _("Cannabis")
    OPIUM = "opium", _("Opium")
    COCAINE = "cocaine", _("Cocaine")
    KETAMINE = "ketamine", _("Ketamine")
    PLANTS = "plants", _("Drug-yielding plants")
    LAUGHING_GAS = "laughing_gas", _("Laughing gas (N₂O)")
    E_CIGARETTES = "e_cigarettes", _("E-cigarettes or heated tobacco with drugs")
    OTHER = "other", _("Other substance")


class Unit(models.TextChoices):
    G = "g", _("g")
    KG = "kg", _("kg")
    TABLETS = "tablets", _("tablets")
    M2 = "m2", _("m²")
    PLANTS = "plants", _("plants")
    ML = "ml", _("ml")
    PIECES = "pieces", _("pieces")


D, U = DrugType, Unit
# The units in which each drug type is counted.
ALLOWED_UNITS: dict[str, tuple[str, ...]] = {
    D.HEROIN: (U.G, U.KG),
    D.METH: (U.G, U.KG, U.TABLETS),
    D.TABLETS: (U.TABLETS, U.G),
    D.CANNABIS: (U.G, U.KG, U.PLANTS, U.M2),
    D.OPIUM: (U.G, U.KG),
    D.COCAINE: (U.G, U.KG),
    D.KETAMINE: (U.G, U.KG),
    D.PLANTS: (U.PLANTS, U.M2),
    D.LAUGHING_GAS: (U.PIECES, U.ML, U.KG),
    D.E_CIGARETTES: (U.PIECES, U.ML),
    D.OTHER: (U.G, U.KG, U.TABLETS, U.ML, U.PIECES),
}
# Totals add kilograms to grams.
TOTAL_UNIT = {U.KG: U.G}
TOTAL_FACTOR = {U.KG: 1000}
# Default upper bounds of one seizure (settings.CASES_SEIZURE_MAX overrides them).
SEIZURE_MAX = {
    U.G: 2_000_000,
    U.KG: 20_000,
    U.TABLETS: 5_000_000,
    U.M2: 1_000_000,
    U.PLANTS: 5_000_000,
    U.ML: 10_000_000,
    U.PIECES: 1_000_000,
}


class SeizureChangeKind(models.TextChoices):
    """What happened to a seizure after it was recorded: its figures were corrected, or it was
    withdrawn (entered by mistake, e.g. twice). Both keep the earlier values and the reason."""

    CORRECTED = "corrected", _("Seizure corrected")
    REMOVED = "removed", _("Seizure withdrawn")


class PlantingStep(models.TextChoices):
    FOUND = "found", _("Found")
    DESTROYED = "destroyed", _("Destroyed")
    REPLANTED = "replanted", _("Re-planted")
