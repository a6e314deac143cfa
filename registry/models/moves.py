"""Where a person has lived: the residence history that moves write (DOMAIN.md §2).

A person belongs to the commune of residence. When they move, responsibility transfers with a
TRANSFER event and the history gains a row, so that:

- reports for past periods count the person where they lived then
  (`selectors.person_residence_on`, `selectors.person_count_by_unit_on`);
- the commune they left keeps read access to what it recorded before the move (the row it
  closed holds the record as it stood then: `PersonResidence.record`).

Rows exist only for people who have moved: a person without rows has always lived in their
current commune (people registered before this history existed, bulk-seeded rows). When a
person first moves, the transfer writes the stint that ends and the one that begins; the rows
of a person are contiguous, oldest first, and the last one is open (`ended_on` empty). Days
are inclusive: a stint ends the day before the move, the next one starts on the move day.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Access, RecordType, ScopedQuerySet, grant_for

from .people import Person, PersonEvent


class PersonResidenceQuerySet(ScopedQuerySet):
    """Scoped through the person (the unit responsible today sees the whole history). A grant
    limited to identity fields sees none: where someone lived is more than who they are. The
    commune a person left reads its own closed stint through `selectors.person_former_*`."""

    @staticmethod
    def grant_allows(user, access: Access = Access.READ) -> bool:
        grant = grant_for(user, RecordType.PERSON)
        if grant.access == Access.NONE or grant.access < access:
            return False
        return access <= Access.COUNT or grant.fields == "full"

    def visible_to(self, user, access: Access = Access.READ):
        if not self.grant_allows(user, access):
            return self.none()
        return self.filter(person__in=Person.objects.visible_to(user, access).values("pk"))


class PersonResidence(models.Model):
    """One stint of a person's residence: a commune of the province, or (unit empty) a place
    outside it, from `started_on` to `ended_on` (both included; open while current)."""

    scope_record_type = RecordType.PERSON
    scope_path_field = "person__scope_path"
    scope_owner_prefix = "person__"
    log_record_type = "person_residence"
    # A merge leaves these rows on the merged record: two histories of the same days cannot
    # be one (services/duplicates.py reads this flag).
    merge_repoints = False

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="residences", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
        help_text=_("Empty: outside the province."),
    )
    # The unit's path ("" outside the province: no user's scope contains it).
    scope_path = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    destination = models.CharField(
        _("place outside the province"),
        max_length=255,
        blank=True,
        help_text=_("Province and address, when the person moved out of the province."),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    started_by = models.ForeignKey(
        PersonEvent,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved in by"),
    )
    ended_by = models.ForeignKey(
        PersonEvent,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved out by"),
    )
    # The person's record as it stood when this stint ended: what the unit left behind may
    # still read (never the live row, which the new commune keeps changing).
    record = models.JSONField(_("record at the move"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )

    objects = PersonResidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residence history")
        ordering = ["started_on", "id"]
        indexes = [
            models.Index(fields=["person", "started_on"], name="residence_person_start"),
            models.Index(fields=["scope_path", "ended_on"], name="residence_scope_end"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="residence_one_open_per_person",
            ),
        ]

    def __str__(self):
        place = self.unit.name if self.unit_id else self.destination
        return f"{place} ({self.started_on:%d/%m/%Y})"

    @property
    def moved_out_on(self) -> datetime.date | None:
        """The day of the move that ended this stint (the first day elsewhere)."""
        return self.ended_on + datetime.timedelta(days=1) if self.ended_on else None

    @property
    def is_outside(self) -> bool:
        return not self.unit_id
