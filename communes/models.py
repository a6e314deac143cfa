"""The commune drug classification (Decision 28/2025/QĐ-TTg): the criteria with their
thresholds, versioned by the year they apply from; each commune's yearly data that the
registry does not hold (population, on a drug route); the classes the province decides, each
with its document (a new decision never overwrites an earlier one); and the drug-free target
year each commune registers on the province's roadmap (003 §II.1)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet

from .choices import RECORD_TYPE, TARGET_RECORD_TYPE, DrugClass

YEAR_VALIDATORS = [MinValueValidator(2020), MaxValueValidator(2100)]


def drug_free_goal() -> tuple[int, int]:
    """(share in %, by year) of communes to be drug-free: 003 asks ≥ 50 % by 2030."""
    return (
        int(getattr(settings, "COMMUNES_DRUG_FREE_GOAL_PERCENT", 50)),
        int(getattr(settings, "COMMUNES_DRUG_FREE_GOAL_YEAR", 2030)),
    )


class ClassificationCriteria(models.Model):
    """One version of the thresholds. The national default has no province; a province may
    set its own version from a year on. The version for year Y is the province's latest one
    applying from Y or before, else the national one."""

    province = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    applies_from = models.PositiveSmallIntegerField(
        _("applies from year"), validators=YEAR_VALIDATORS
    )
    users_share_pct = models.DecimalField(
        _("users and addicts, % of the population"), max_digits=6, decimal_places=3
    )
    use_places = models.PositiveSmallIntegerField(_("places of drug use, at least"))
    arrests_share_pct = models.DecimalField(
        _("drug arrests, % of the population"), max_digits=6, decimal_places=3
    )
    planting_m2 = models.DecimalField(
        _("planting area, m², at least"), max_digits=10, decimal_places=1
    )
    planting_plants = models.PositiveIntegerField(_("or number of plants, at least"))
    type_1_min = models.PositiveSmallIntegerField(
        _("criteria met for type I, at least"), validators=[MinValueValidator(1)]
    )
    type_2_min = models.PositiveSmallIntegerField(
        _("criteria met for type II, at least"), validators=[MinValueValidator(1)]
    )
    source = models.TextField(_("source of the thresholds"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("classification criteria")
        verbose_name_plural = _("classification criteria")
        ordering = ["-applies_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "applies_from"], name="criteria_province_year"
            ),
            models.UniqueConstraint(
                fields=["applies_from"],
                condition=models.Q(province__isnull=True),
                name="criteria_national_year",
            ),
        ]

    def __str__(self):
        return f"{self.applies_from}"


class CommuneYearData(models.Model):
    """What the classification needs of a commune that no record holds: its population and
    whether it lies on a drug trafficking route, entered by the province for a year (the
    latest entry of that year or before is used)."""

    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = "commune_year_data"

    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    on_drug_route = models.BooleanField(_("on a drug trafficking route"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune data of a year")
        verbose_name_plural = _("commune data of a year")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="commune_year_data_unique")
        ]

    def __str__(self):
        return f"{self.commune_id} {self.year}"


class CommuneClassification(models.Model):
    """The class the province decided for a commune and a year, with its document. A
    later decision for the same year supersedes, never overwrites: the latest is current."""

    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = RECORD_TYPE

    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    drug_class = models.CharField(_("decided class"), max_length=20, choices=DrugClass.choices)
    # The proposal as the system computed it when the decision was recorded.
    proposed_class = models.CharField(
        _("proposed class"), max_length=20, choices=DrugClass.choices, editable=False
    )
    proposal = models.JSONField(_("figures of the proposal"), default=dict, editable=False)
    document_number = models.CharField(_("document number"), max_length=60)
    document_date = models.DateField(_("document date"))
    deciding_body = models.CharField(_("deciding body"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune classification")
        verbose_name_plural = _("commune classifications")
        ordering = ["-year", "-created_at", "-id"]
        indexes = [models.Index(fields=["year", "scope_path"], name="classification_year_path")]

    def __str__(self):
        return f"{self.year} {self.get_drug_class_display()}"

    def get_absolute_url(self):
        return reverse("communes:detail", args=[self.commune_id]) + f"?year={self.year}"


class DrugFreeTarget(models.Model):
    """The year a commune registers to become drug-free (003 §II.1: registered yearly on the
    roadmap). A new registration supersedes the previous one; the latest is current."""

    scope_record_type = TARGET_RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = TARGET_RECORD_TYPE

    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    target_year = models.PositiveSmallIntegerField(
        _("drug-free target year"), validators=YEAR_VALIDATORS
    )
    registered_on = models.DateField(_("registration date"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("drug-free target")
        verbose_name_plural = _("drug-free targets")
        ordering = ["-registered_on", "-created_at", "-id"]

    def __str__(self):
        return f"{self.target_year}"
