"""Who helps each person: besides the responsible officer, the agencies, mass organisations,
officers and family members assigned to support the person, each with a role and dates
("phân công cụ thể trách nhiệm của từng cơ quan", 000; Decree 163/2026's management team:
a police officer as leader, the village or residential-group representative, the family, mass
organisations, a social worker).

Assignments are never deleted nor edited: one ends with a date and a reason, and a new one is
made (history, not overwrites)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import AgencyKind
from accounts.scoping import RecordType

from ..choices import SupporterKind, SupporterRole
from .checks import PersonCheckQuerySet
from .people import Person

# Which kinds of supporter a role admits (roles not listed admit any kind).
ROLE_KINDS = {
    # Decree 163/2026: the management team is led by a police officer.
    SupporterRole.TEAM_LEADER: (SupporterKind.OFFICER,),
    SupporterRole.FAMILY_GUARDIAN: (SupporterKind.FAMILY,),
    SupporterRole.MASS_ORGANISATION: (SupporterKind.AGENCY,),
    SupporterRole.SUPPORTING_AGENCY: (SupporterKind.AGENCY,),
}
# Which fields each kind of supporter uses; the others stay empty.
KIND_FIELDS = {
    SupporterKind.AGENCY: {"agency", "name", "phone"},  # name/phone: the contact person
    SupporterKind.OFFICER: {"user"},
    SupporterKind.FAMILY: {"name", "relationship", "phone"},
    SupporterKind.INDIVIDUAL: {"name", "phone", "agency"},  # agency: where they work, if any
}
KIND_REQUIRED = {
    SupporterKind.AGENCY: ("agency",),
    SupporterKind.OFFICER: ("user",),
    SupporterKind.FAMILY: ("name", "relationship", "phone"),
    SupporterKind.INDIVIDUAL: ("name",),
}


class SupporterQuerySet(PersonCheckQuerySet):
    """Scoped through the person. A grant limited to identity fields sees none: who supports
    a person under drug-use management, and a family's phone, say far more than who the person
    is."""

    def active(self):
        return self.filter(ended_on__isnull=True)


class Supporter(models.Model):
    scope_record_type = RecordType.PERSON
    scope_path_field = "person__scope_path"
    scope_owner_prefix = "person__"
    # The record type written to the change log (the access log names the person).
    log_record_type = "supporter"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="supporters", verbose_name=_("person")
    )
    kind = models.CharField(_("who"), max_length=20, choices=SupporterKind.choices)
    role = models.CharField(_("role"), max_length=30, choices=SupporterRole.choices)
    agency = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency or organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    relationship = models.CharField(
        _("relationship"),
        max_length=60,
        blank=True,
        help_text=_("For a family member: mother, father, wife, brother…"),
    )
    phone = models.CharField(_("contact phone"), max_length=15, blank=True)
    start_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    basis_number = models.CharField(
        _("decision number"),
        max_length=60,
        blank=True,
        help_text=_("The decision that names the management team, if any."),
    )
    basis_date = models.DateField(_("decision date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SupporterQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        ordering = ["-start_on", "-id"]
        indexes = [
            models.Index(fields=["person", "ended_on"], name="supporter_person_active"),
            models.Index(fields=["agency", "ended_on"], name="supporter_agency_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start_on")),
                name="supporter_end_not_before_start",
            ),
            # One management team leader at a time (the service says who holds it).
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(role="team_leader", ended_on__isnull=True),
                name="supporter_one_active_leader",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.who}"

    def get_absolute_url(self):
        return f"{reverse('registry:person_detail', args=[self.person_id])}#supporter-{self.pk}"

    @property
    def who(self) -> str:
        if self.kind == SupporterKind.AGENCY and self.agency_id:
            return self.agency.name
        if self.kind == SupporterKind.OFFICER and self.user_id:
            return str(self.user)
        return self.name

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        today = timezone.localdate()
        kind = self.kind
        if kind in KIND_FIELDS:
            used = KIND_FIELDS[kind]
            values = {
                "agency": self.agency_id,
                "user": self.user_id,
                "name": self.name,
                "relationship": self.relationship,
                "phone": self.phone,
            }
            for field, value in values.items():
                if value and field not in used:
                    add(
                        field,
                        _("Leave this empty for the kind “%(kind)s”.")
                        % {"kind": SupporterKind(kind).label},
                    )
            for field in KIND_REQUIRED[kind]:
                if not values[field]:
                    add(
                        field,
                        _("Required for the kind “%(kind)s”.")
                        % {"kind": SupporterKind(kind).label},
                    )
        allowed = ROLE_KINDS.get(self.role)
        if kind and allowed and kind not in allowed:
            add(
                "role",
                _("The role “%(role)s” is held by: %(kinds)s.")
                % {
                    "role": SupporterRole(self.role).label,
                    "kinds": ", ".join(str(SupporterKind(k).label) for k in allowed),
                },
            )
        if (
            self.role == SupporterRole.MASS_ORGANISATION
            and self.agency_id
            and self.agency.kind != AgencyKind.ORGANISATION
        ):
            add("agency", _("Choose a mass organisation (Fatherland Front, unions…)."))
        if self.agency_id and not self.agency.is_active:
            add("agency", _("This agency is no longer active."))
        if self.start_on:
            if self.start_on > today:
                add("start_on", _("The date cannot be in the future."))
            elif self.person_id:
                person = self.person
                born = person.date_of_birth or datetime.date(person.birth_year, 1, 1)
                if self.start_on < born:
                    add("start_on", _("The date is before the person's birth."))
        if self.basis_date and self.basis_date > today:
            add("basis_date", _("The decision date cannot be in the future."))
        if self.ended_on:
            if self.ended_on > today:
                add("ended_on", _("The date cannot be in the future."))
            elif self.start_on and self.ended_on < self.start_on:
                add(
                    "ended_on",
                    _("The end cannot be before the start (%(date)s).")
                    % {"date": f"{self.start_on:%d/%m/%Y}"},
                )
            if not self.end_reason.strip():
                add("end_reason", _("Say why the assignment ended."))
        if errors:
            raise ValidationError(errors)
