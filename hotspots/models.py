"""Points and hotspots of drug activity (supply side), with their lifecycle as events.

The status on the row is kept for filtering and is always the one the events say
(`status_from_events`). Events, linked people and watch checks belong to a hotspot: they are
read only through a hotspot the user may see (hotspots/selectors.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet

from .choices import (
    ACTIVITY_FIELDS,
    RECORD_TYPE,
    TRANSITIONS,
    Activity,
    CheckFinding,
    HotspotKind,
    HotspotStatus,
    HotspotStep,
    PersonRole,
)


def watch_months() -> int:
    return int(getattr(settings, "HOTSPOTS_WATCH_MONTHS", 12))


def check_every_days() -> int:
    return int(getattr(settings, "HOTSPOTS_CHECK_EVERY_DAYS", 30))


def max_distance_km() -> float:
    return float(getattr(settings, "HOTSPOTS_MAX_DISTANCE_KM", 15))


def status_from_events(steps) -> str:
    """The status that a sequence of steps (in order) leads to."""
    status = ""
    for step in steps:
        status = HotspotStatus.DETECTED if step == HotspotStep.DETECT else TRANSITIONS[step][1]
    return status


class Hotspot(models.Model):
    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = RECORD_TYPE

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=HotspotKind.choices)
    is_hot = models.BooleanField(_("hot spot"), default=False)
    activity_use = models.BooleanField(Activity.USE.label, default=False)
    activity_harbouring = models.BooleanField(Activity.HARBOURING.label, default=False)
    activity_dealing = models.BooleanField(Activity.DEALING.label, default=False)
    activity_production = models.BooleanField(Activity.PRODUCTION.label, default=False)
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    # The commune's path, copied for the jurisdiction filter.
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    search_folded = models.TextField(editable=False, blank=True)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=HotspotStatus.choices, editable=False
    )
    status_on = models.DateField(_("status since"), editable=False)
    detected_on = models.DateField(_("detection date"))
    re_emerged_count = models.PositiveIntegerField(_("times re-emerged"), default=0, editable=False)
    watch_until = models.DateField(_("watched until"), null=True, blank=True, editable=False)
    # Last watch check (or the clearing date): the next check is due this plus the interval.
    last_checked_on = models.DateField(_("last watch check"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        ordering = ["-detected_on", "-id"]
        indexes = [
            models.Index(fields=["scope_path", "status"], name="hotspot_path_status"),
            models.Index(fields=["status", "last_checked_on"], name="hotspot_status_check"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hotspots:detail", args=[self.pk])

    @property
    def activities(self) -> list[str]:
        return [value for value, field in ACTIVITY_FIELDS.items() if getattr(self, field)]

    @property
    def activity_labels(self) -> list[str]:
        labels = dict(Activity.choices)
        return [str(labels[value]) for value in self.activities]

    @property
    def next_check_on(self) -> datetime.date | None:
        from .choices import WATCHED_STATUSES

        if self.status not in WATCHED_STATUSES or self.last_checked_on is None:
            return None
        return self.last_checked_on + datetime.timedelta(days=check_every_days())


class HotspotEvent(models.Model):
    """One step of a hotspot's lifecycle: date, acting unit and officer, document."""

    hotspot = models.ForeignKey(
        Hotspot, models.PROTECT, related_name="events", verbose_name=_("hotspot")
    )
    step = models.CharField(_("step"), max_length=20, choices=HotspotStep.choices)
    status_after = models.CharField(_("status after"), max_length=20, choices=HotspotStatus.choices)
    occurred_on = models.DateField(_("date"))
    unit = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting unit"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("hotspot event")
        verbose_name_plural = _("hotspot events")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_step_display()}"


class HotspotPerson(models.Model):
    """A person seen at a hotspot: a registry person or an unidentified description."""

    hotspot = models.ForeignKey(
        Hotspot, models.PROTECT, related_name="people", verbose_name=_("hotspot")
    )
    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    linked_on = models.DateField(_("date"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("person at a hotspot")
        verbose_name_plural = _("people at hotspots")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(description=""),
                name="hotspotperson_person_or_description",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person or self.description}"


class HotspotCheck(models.Model):
    """A watch check of a cleared hotspot."""

    hotspot = models.ForeignKey(
        Hotspot, models.PROTECT, related_name="checks", verbose_name=_("hotspot")
    )
    checked_on = models.DateField(_("check date"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    finding = models.CharField(_("finding"), max_length=20, choices=CheckFinding.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("watch check")
        verbose_name_plural = _("watch checks")
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.checked_on:%d/%m/%Y} {self.get_finding_display()}"
