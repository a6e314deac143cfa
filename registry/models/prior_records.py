"""A person's prior record: criminal convictions (tiền án) and administrative sanctions
(tiền sự), drug-related or not. One row per offence, so that the reports can count them by
kind, year and whether they concern drugs (002). Rows are appended; a wrong entry is voided
with a reason and stays in the record."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import RecordType

from ..choices import PriorRecordKind
from .checks import PersonCheckQuerySet
from .people import Person


class PriorRecordQuerySet(PersonCheckQuerySet):
    """Scoped through the person; an identity-only grant sees none (like tests and contacts)."""

    def standing(self):
        """Entries not voided."""
        return self.filter(voided_at__isnull=True)


class PriorRecord(models.Model):
    scope_record_type = RecordType.PERSON
    scope_path_field = "person__scope_path"
    scope_owner_prefix = "person__"
    # The record type written to the change log (the access log names the person).
    log_record_type = "prior_record"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="prior_records", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PriorRecordKind.choices)
    drug_related = models.BooleanField(_("drug-related"), default=False)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(
        _("offence and outcome"),
        help_text=_("E.g. the offence, the sentence or penalty."),
    )
    reference = models.CharField(
        _("judgment or decision"),
        max_length=200,
        blank=True,
        help_text=_("Its number, date and the court or body that issued it, if known."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    void_reason = models.TextField(_("why it was voided"), blank=True)

    objects = PriorRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("prior record")
        verbose_name_plural = _("prior records")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["person", "year"], name="prior_person_year")]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def clean(self):
        errors = {}
        if not (self.description or "").strip():
            errors["description"] = _("Describe the offence and its outcome.")
        if self.year is not None:
            this_year = timezone.localdate().year
            person = self.person if self.person_id else None
            if self.year > this_year:
                errors["year"] = _("The year cannot be in the future.")
            elif person is not None and person.birth_year and self.year < person.birth_year:
                errors["year"] = _("The year is before the person's birth.")
        if errors:
            raise ValidationError(errors)
