"""Choices of conditional businesses (ngành nghề kinh doanh có điều kiện về an ninh, trật tự)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RECORD_TYPE = "business"


class BusinessKind(models.TextChoices):
    KARAOKE = "karaoke", _("Karaoke")
    BAR = "bar", _("Bar")
    DANCE_HALL = "dance_hall", _("Dance hall")
    HOTEL = "hotel", _("Hotel")
    GUESTHOUSE = "guesthouse", _("Guesthouse")
    BOARDING_HOUSE = "boarding_house", _("Boarding house")
    MASSAGE = "massage", _("Massage parlour")
    OTHER = "other", _("Other business")


class BusinessStatus(models.TextChoices):
    OPEN = "open", _("Operating")
    CLOSED = "closed", _("No longer operating")


class BusinessStep(models.TextChoices):
    REGISTER = "register", _("Registered")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")
    FLAG = "flag", _("Flagged: drugs found")
    LINK_HOTSPOT = "link_hotspot", _("Linked to a hotspot")
    LINK_CASE = "link_case", _("Linked to a drug case")


class ViolationKind(models.TextChoices):
    DRUG_USE = "drug_use", _("Drug use allowed on the premises")
    NO_LICENCE = "no_licence", _("No or expired security licence")
    GUEST_REGISTER = "guest_register", _("Guests or residents not declared")
    OPENING_HOURS = "opening_hours", _("Opening hours breached")
    FIRE_SAFETY = "fire_safety", _("Fire safety")
    OTHER = "other", _("Other violation")


class PenaltyMeasure(models.TextChoices):
    NONE = "", _("No penalty")
    WARNING = "warning", pgettext_lazy("administrative penalty", "Warning")
    FINE = "fine", _("Fine")
    SUSPENSION = "suspension", _("Licence suspended")
    REVOCATION = "revocation", _("Licence revoked")
    CLOSURE = "closure", _("Business closed")
