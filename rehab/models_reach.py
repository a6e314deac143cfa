"""Voluntary-rehab registrations (000 §3; Decree 163/2026: register within 24 h of being told
of the addiction, start within 2 working days — the due list shows a registration not followed
by rehab) and the services each managed person reached — counselling, treatment, rehab,
community-reintegration support — which 001's target (> 80 % of the managed people) counts.

Scoped through the person's current commune, with the grants of rehab placements."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from registry.choices import Law

from .choices import VOLUNTARY_FORM_CHOICES, ServiceKind
from .models_followup import REHAB_FOLLOWUP


class ReachQuerySet(ScopedQuerySet):
    pass


class VoluntaryRegistration(models.Model):
    """A person's registration for voluntary rehab: when, the form chosen and where."""

    scope_record_type = REHAB_FOLLOWUP
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        related_name="voluntary_registrations",
        verbose_name=_("person"),
    )
    registered_on = models.DateField(_("date of registration"))
    form = models.CharField(_("form chosen"), max_length=30, choices=VOLUNTARY_FORM_CHOICES)
    facility = models.ForeignKey(
        "rehab.Facility",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facility or provider"),
    )
    place = models.CharField(
        _("where"),
        max_length=255,
        blank=True,
        help_text=_("The address for rehab at home, or the place when no facility is named."),
    )
    law = models.CharField(_("governing law"), max_length=20, choices=Law.choices, editable=False)
    # The last day to start the rehab: the registration date plus the setting
    # REHAB_VOLUNTARY_START_WORKING_DAYS working days (services_reach). The due list shows a
    # registration not followed by a placement by this day.
    start_due_on = models.DateField(_("rehab to start by"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReachQuerySet.as_manager()

    class Meta:
        verbose_name = _("voluntary-rehab registration")
        verbose_name_plural = _("voluntary-rehab registrations")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["person", "registered_on"], name="rehab_registration_person")
        ]

    def __str__(self):
        return f"{self.get_form_display()} ({self.registered_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return f"{reverse('registry:person_detail', args=[self.person_id])}#rehab"

    @property
    def where(self) -> str:
        return self.facility.name if self.facility_id else self.place


class ServiceReached(models.Model):
    """A service a managed person reached (not only after rehab): its kind, date and
    provider."""

    scope_record_type = REHAB_FOLLOWUP
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        related_name="services_reached",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    reached_on = models.DateField(_("date"))
    provider = models.CharField(_("provider"), max_length=200)
    facility = models.ForeignKey(
        "rehab.Facility",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facility"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReachQuerySet.as_manager()

    class Meta:
        verbose_name = _("service reached")
        verbose_name_plural = _("services reached")
        ordering = ["-reached_on", "-id"]
        indexes = [
            models.Index(fields=["person", "reached_on"], name="rehab_service_person"),
            models.Index(fields=["reached_on", "kind"], name="rehab_service_day"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reached_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return f"{reverse('registry:person_detail', args=[self.person_id])}#rehab"
