"""Administrative units: the 2025 two-tier structure (province > commune) that jurisdiction
is cut by, and the pre-2025 provinces, districts and communes with their mapping to today's
units, so that an old address on a record resolves to the current commune."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Era, Level


class AdminUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(era=Era.CURRENT)

    def communes(self):
        return self.filter(era=Era.CURRENT, level=Level.COMMUNE)

    def within(self, unit):
        """The unit and every unit below it (materialised path prefix)."""
        return self.filter(models.Q(path=unit.path) | models.Q(path__startswith=unit.path + "."))


class AdminUnit(models.Model):
    era = models.CharField(_("era"), max_length=8, choices=Era.choices, default=Era.CURRENT)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, help_text=_("Xã, Phường, Đặc khu, Tỉnh…"))
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Materialised path of official codes, e.g. "92.31135"; current units only.
    path = models.CharField(_("path"), max_length=40, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    # For a pre-2025 unit: the current unit it became (the default one when it was divided).
    successor = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("current unit"),
    )

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["era", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["era", "level", "code"], name="unit_unique_code"),
        ]
        indexes = [models.Index(fields=["era", "level", "parent"], name="unit_level_parent")]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.era == Era.CURRENT

    def contains(self, other: "AdminUnit") -> bool:
        return bool(other and other.path) and (
            other.path == self.path or other.path.startswith(self.path + ".")
        )
