"""Citizens' tips. The tipster's identity lives in its own table (`Tipster`), read only
through `selectors.tipster_get`, which lets through the receiving officer and the holders of
`tips.see_tipster_identity` within their scope; nothing else (lists, exports, API, logs)
reads it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet

from .choices import RECORD_TYPE, TipChannel, TipResult, TipStep

CONTENT_MAX = 4000


def verify_within_days() -> int:
    """Days a routed unit has to verify a tip (the deadline of its task)."""
    return int(getattr(settings, "TIPS_VERIFY_WITHIN_DAYS", 10))


class Tip(models.Model):
    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = RECORD_TYPE

    reference = models.CharField(_("reference code"), max_length=12, unique=True, editable=False)
    received_on = models.DateField(_("date received"))
    channel = models.CharField(_("channel"), max_length=20, choices=TipChannel.choices)
    content = models.TextField(_("content"), max_length=CONTENT_MAX)
    commune = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune concerned"),
    )
    location = models.CharField(_("place concerned"), max_length=255, blank=True)
    received_unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("receiving unit")
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving officer"),
    )
    routed_unit = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("routed to"),
    )
    routed_on = models.DateField(_("routed on"), null=True, blank=True)
    # The routed unit's path, or the receiving unit's before routing.
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    result = models.CharField(
        _("verification result"),
        max_length=20,
        choices=TipResult.choices,
        default=TipResult.PENDING,
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    led_to_hotspot = models.ForeignKey(
        "hotspots.Hotspot",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("led to the hotspot"),
    )
    led_to_person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("led to the person"),
    )
    # The drug case it led to (cases app; tips depend on it, never back).
    led_to_case = models.ForeignKey(
        "cases.DrugCase",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("led to the drug case"),
    )
    outcome_note = models.TextField(_("what it led to"), blank=True)
    task = models.ForeignKey(
        "registry.Task", models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    is_public = models.BooleanField(_("sent through the public form"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen's tip")
        verbose_name_plural = _("citizens' tips")
        ordering = ["-received_on", "-id"]
        permissions = [("see_tipster_identity", _("Can see the identity of tipsters"))]
        indexes = [models.Index(fields=["scope_path", "result"], name="tip_path_result")]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("tips:detail", args=[self.pk])


class Tipster(models.Model):
    """Who gave the tip: confidential (see the module docstring)."""

    tip = models.OneToOneField(Tip, models.CASCADE, related_name="+", verbose_name=_("tip"))
    name = models.CharField(_("tipster's name"), max_length=200, blank=True)
    phone = models.CharField(_("tipster's phone"), max_length=20, blank=True)
    address = models.CharField(_("tipster's address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tipster")
        verbose_name_plural = _("tipsters")
        # No model permissions: the identity is reached only through `tips.see_tipster_identity`.
        default_permissions = ()

    def __str__(self):
        return str(_("Tipster of %(ref)s") % {"ref": self.tip.reference})


class TipEvent(models.Model):
    tip = models.ForeignKey(Tip, models.PROTECT, related_name="events", verbose_name=_("tip"))
    step = models.CharField(_("step"), max_length=20, choices=TipStep.choices)
    occurred_on = models.DateField(_("date"))
    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("tip event")
        verbose_name_plural = _("tip events")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_step_display()}"
