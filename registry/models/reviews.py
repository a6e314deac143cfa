"""Review campaigns ("đợt tổng rà soát", 004 §III.12): the province opens a review of the
register with a name, a deadline and the categories in scope; every commune confirms or
corrects each of its people.

A campaign is a snapshot: when it opens, one ReviewItem is made for every person then in the
categories in scope within the province, so that the progress figures are exact counts of
rows (people registered later are not in it; a person who moves is reviewed by the commune
where they live now, as every person record is)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import RecordType

from ..choices import Category, ReviewCorrection, ReviewOutcome, ReviewStatus
from .checks import PersonCheckQuerySet
from .people import Person

CATEGORY_LABELS = dict(Category.choices)
CORRECTION_LABELS = dict(ReviewCorrection.choices)


class ReviewCampaign(models.Model):
    """Not a personal record: its name, deadline and scope are seen by every user whose
    jurisdiction it covers (selectors_support.review_campaign_list); its items are scoped."""

    log_record_type = "review_campaign"

    name = models.CharField(_("name"), max_length=200)
    # Where it was opened (the province): it covers the people below that unit.
    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    scope_path = models.CharField(max_length=40, editable=False, db_index=True)
    categories = models.JSONField(_("categories in scope"), default=list)
    deadline = models.DateField(_("deadline"))
    basis_number = models.CharField(
        _("document number"),
        max_length=60,
        blank=True,
        help_text=_("The plan or instruction that orders the review, if any."),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:review_campaign_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == ReviewStatus.OPEN

    @property
    def category_labels(self) -> list[str]:
        return [str(CATEGORY_LABELS.get(c, c)) for c in self.categories or ()]

    def is_overdue(self, today=None) -> bool:
        """Past its deadline (whatever is left unreviewed is late)."""
        return (today or timezone.localdate()) > self.deadline

    def clean(self):
        errors = {}
        if not isinstance(self.categories, list) or not self.categories:
            errors["categories"] = _("Tick at least one category.")
        else:
            unknown = sorted(set(self.categories) - set(CATEGORY_LABELS))
            if unknown:
                errors["categories"] = _("Unknown category: %(names)s.") % {
                    "names": ", ".join(map(str, unknown))
                }
        if not (self.name or "").strip():
            errors["name"] = _("Give the review a name.")
        if errors:
            raise ValidationError(errors)


class ReviewItemQuerySet(PersonCheckQuerySet):
    """Scoped through the person (the commune where the person lives now). A grant limited
    to identity fields sees none."""

    def pending(self):
        return self.filter(outcome="")


class ReviewItem(models.Model):
    """One person in one campaign: pending until the commune records the outcome."""

    scope_record_type = RecordType.PERSON
    scope_path_field = "person__scope_path"
    scope_owner_prefix = "person__"
    log_record_type = "review_item"

    campaign = models.ForeignKey(
        ReviewCampaign, models.PROTECT, related_name="items", verbose_name=_("review")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="review_items", verbose_name=_("person")
    )
    # The person's category when the campaign opened (what brought them into it).
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReviewOutcome.choices, blank=True
    )
    corrections = models.JSONField(_("what was corrected"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        ordering = ["person__full_name_folded", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="review_item_once"),
        ]
        indexes = [models.Index(fields=["campaign", "outcome"], name="review_item_outcome")]

    def __str__(self):
        return f"{self.campaign} — {self.person_id}"

    def get_absolute_url(self):
        return reverse("registry:review_item", args=[self.campaign_id, self.pk])

    @property
    def is_pending(self) -> bool:
        return not self.outcome

    @property
    def correction_labels(self) -> list[str]:
        return [str(CORRECTION_LABELS.get(c, c)) for c in self.corrections or ()]

    def clean(self):
        errors = {}
        corrections = self.corrections
        if not isinstance(corrections, list) or not all(isinstance(c, str) for c in corrections):
            errors["corrections"] = _("Give a list of what was corrected.")
        elif set(corrections) - set(CORRECTION_LABELS):
            errors["corrections"] = _("Unknown correction: %(names)s.") % {
                "names": ", ".join(sorted(set(corrections) - set(CORRECTION_LABELS)))
            }
        elif self.outcome == ReviewOutcome.CORRECTED and not corrections:
            errors["corrections"] = _("Tick what was corrected.")
        elif self.outcome != ReviewOutcome.CORRECTED and corrections:
            errors["corrections"] = _("Only a corrected record says what was corrected.")
        if self.outcome == ReviewOutcome.NOT_FOUND and not self.note.strip():
            errors["note"] = _("Say what was found: moved where, since when, who said so.")
        if self.outcome and not self.reviewed_on:
            errors["reviewed_on"] = _("Enter the date of the review.")
        if self.reviewed_on:
            if self.reviewed_on > timezone.localdate():
                errors["reviewed_on"] = _("The date cannot be in the future.")
            elif self.campaign_id and self.reviewed_on < timezone.localdate(
                self.campaign.opened_at
            ):
                errors["reviewed_on"] = _(
                    "The review opened on %(date)s: the date cannot be before it."
                ) % {"date": f"{timezone.localdate(self.campaign.opened_at):%d/%m/%Y}"}
        if errors:
            raise ValidationError(errors)
