"""Choices of the commune drug classification (Decision 28/2025/QĐ-TTg) and the drug-free
roadmap (003 §II.1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

RECORD_TYPE = "commune_status"
TARGET_RECORD_TYPE = "drug_free_target"


class DrugClass(models.TextChoices):
    TYPE_I = "type_1", _("Type I")
    TYPE_II = "type_2", _("Type II")
    TYPE_III = "type_3", _("Type III")
    DRUG_FREE = "drug_free", _("Drug-free")


# Most serious first: the order of the "class" sort and of the dashboard's counts.
CLASS_RANK = {c: i for i, c in enumerate(DrugClass.values)}


class Criterion(models.TextChoices):
    USERS = "users", _("Illicit users and addicts as a share of the population")
    USE_PLACES = "use_places", _("Places of illicit drug use")
    ARRESTS = "arrests", _("Drug arrests as a share of the population")
    PLANTING = "planting", _("Drug-yielding plants grown")
    ROUTE = "route", _("On a drug trafficking route")
