"""Post-rehab follow-up: the support given during a post-rehab management period (the
registry's `ManagementPeriod(kind=POST_REHAB)`, opened when a placement is completed), a relapse
recorded during it (which asks for a compulsory-rehab dossier), and the certificate of
completion the commune chairman issues at its end (once, not before the last working days of
the term).

Scoped through the person's current commune, with the grants of rehab placements: the commune
police and the province write them, the steering committee and administrators count them,
Health sees none."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet

from .choices import RelapseBasis, SupportKind

# The follow-up records share the grants of rehab placements (registered in apps.py).
REHAB_FOLLOWUP = "rehab_placement"


class FollowupQuerySet(ScopedQuerySet):
    pass


class _PeriodRecord(models.Model):
    scope_record_type = REHAB_FOLLOWUP
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person", models.PROTECT, related_name="+", verbose_name=_("person")
    )
    period = models.ForeignKey(
        "registry.ManagementPeriod",
        models.PROTECT,
        related_name="+",
        verbose_name=_("post-rehab management period"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowupQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse("rehab:followup_detail", args=[self.period_id])


class PostRehabSupport(_PeriodRecord):
    """Support given during post-rehab management: a job, study, a loan, counselling …"""

    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    given_on = models.DateField(_("date"))
    given_by = models.CharField(
        _("given by"),
        max_length=200,
        help_text=_("The agency, organisation or person who gave it."),
    )

    class Meta:
        verbose_name = _("post-rehab support")
        verbose_name_plural = _("post-rehab supports")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["person", "given_on"], name="rehab_support_person")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.given_on:%d/%m/%Y}"


class PostRehabRelapse(_PeriodRecord):
    """A relapse during post-rehab management ("addicted again during post-rehab" leads to
    compulsory rehab, DOMAIN.md §3): recording it raises "compulsory-rehab dossier required"."""

    occurred_on = models.DateField(_("date of the relapse"))
    basis = models.CharField(_("shown by"), max_length=20, choices=RelapseBasis.choices)
    task = models.ForeignKey(
        "registry.Task",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("due work raised"),
    )

    class Meta:
        verbose_name = _("relapse during post-rehab management")
        verbose_name_plural = _("relapses during post-rehab management")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["person", "occurred_on"], name="rehab_relapse_person")]

    def __str__(self):
        return f"{self.get_basis_display()} {self.occurred_on:%d/%m/%Y}"


class PostRehabCertificate(_PeriodRecord):
    """The certificate of completion of post-rehab management, signed by the commune chairman
    (Decree 163/2026: within the last 3 working days of the term). One per period."""

    period = models.OneToOneField(
        "registry.ManagementPeriod",
        models.PROTECT,
        related_name="post_rehab_certificate",
        verbose_name=_("post-rehab management period"),
    )
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("date of issue"))
    signer_name = models.CharField(_("signed by"), max_length=120)
    signer_title = models.CharField(
        _("title of the signer"),
        max_length=120,
        default="Chủ tịch UBND xã",
    )

    class Meta:
        verbose_name = _("post-rehab completion certificate")
        verbose_name_plural = _("post-rehab completion certificates")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"
