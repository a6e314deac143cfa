"""Choices of citizens' tips (tin báo tố giác của quần chúng)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

RECORD_TYPE = "tip"
# The permission of the province's designated role that may see every tipster's identity
# within its scope (the receiving officer always sees the identity they recorded).
VIEW_TIPSTER_PERMISSION = "tips.see_tipster_identity"


class TipChannel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    IN_PERSON = "in_person", _("In person")
    LETTER = "letter", _("Letter")
    ONLINE_FORM = "online_form", _("Online form")
    OTHER = "other", _("Other channel")


class TipResult(models.TextChoices):
    PENDING = "pending", _("Being verified")
    TRUE = "true", _("True")
    FALSE = "false", _("False")
    PARTLY_TRUE = "partly_true", _("Partly true")


class TipStep(models.TextChoices):
    RECEIVE = "receive", _("Received")
    ROUTE = "route", _("Routed for verification")
    VERIFY = "verify", _("Verified")
    LINK_CASE = "link_case", _("Linked to the drug case it led to")
