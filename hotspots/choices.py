"""Choices of the supply side: hotspot kinds, activities, lifecycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _

RECORD_TYPE = "hotspot"


class HotspotKind(models.TextChoices):
    POINT = "point", _("Drug point")
    HOTSPOT = "hotspot", _("Drug hotspot")
    RISK_POINT = "risk_point", _("Point at risk of complex drug activity")


class Activity(models.TextChoices):
    USE = "use", _("Drug use")
    HARBOURING = "harbouring", _("Harbouring drug use")
    DEALING = "dealing", _("Dealing")
    PRODUCTION = "production", _("Production")


# Each activity is a boolean column: portable (SQLite and PostgreSQL), indexable, and a filter
# is a plain `activity_<value>=True`.
ACTIVITY_FIELDS = {value: f"activity_{value}" for value in Activity.values}


class HotspotStatus(models.TextChoices):
    DETECTED = "detected", _("Detected")
    VERIFIED = "verified", _("Verified")
    UNDER_ACTION = "under_action", _("Under action")
    CLEARED = "cleared", _("Cleared")
    NEUTRALISED = "neutralised", _("Neutralised")
    WATCHED = "watched", _("Under watch")
    CLOSED = "closed", _("Closed")
    RE_EMERGED = "re_emerged", _("Re-emerged")


class HotspotStep(models.TextChoices):
    """A step of the lifecycle, recorded as an event."""

    DETECT = "detect", _("Detection")
    VERIFY = "verify", _("Verification")
    ACT = "act", _("Action started")
    CLEAR = "clear", _("Clearing")
    NEUTRALISE = "neutralise", _("Neutralisation")
    WATCH = "watch", _("Watch started")
    CLOSE = "close", _("Closure")
    RE_EMERGE = "re_emerge", _("Re-emergence")


S, T = HotspotStatus, HotspotStep
# step -> (statuses it may follow, status after it)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    T.VERIFY: ((S.DETECTED,), S.VERIFIED),
    T.ACT: ((S.VERIFIED, S.RE_EMERGED), S.UNDER_ACTION),
    T.CLEAR: ((S.UNDER_ACTION,), S.CLEARED),
    T.NEUTRALISE: ((S.UNDER_ACTION,), S.NEUTRALISED),
    T.WATCH: ((S.CLEARED, S.NEUTRALISED), S.WATCHED),
    T.CLOSE: ((S.WATCHED,), S.CLOSED),
    T.RE_EMERGE: ((S.CLEARED, S.NEUTRALISED, S.WATCHED, S.CLOSED), S.RE_EMERGED),
}
# Steps that must cite a document (decision or record number and date).
DOCUMENT_REQUIRED = (T.CLEAR, T.NEUTRALISE)
# Statuses in which a cleared hotspot is watched and must be checked periodically.
WATCHED_STATUSES = (S.CLEARED, S.NEUTRALISED, S.WATCHED)
# Statuses counted as "active" (drug activity present or suspected).
ACTIVE_STATUSES = (S.DETECTED, S.VERIFIED, S.UNDER_ACTION, S.RE_EMERGED)


class PersonRole(models.TextChoices):
    USER = "user", _("Drug user")
    DEALER = "dealer", _("Dealer")
    HARBOURER = "harbourer", _("Harbourer")
    OWNER = "owner", _("Owner of the premises")


class CheckFinding(models.TextChoices):
    QUIET = "quiet", _("Quiet: no drug activity found")
    RE_EMERGED = "re_emerged", _("Drug activity found again")
