"""Shared reference data: the public holidays of the working-day calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Holiday(models.Model):
    """A day off for public offices (public holiday, Tết, or a day moved by the Government's
    yearly notice). Weekends are off without a row. Administrators keep these rows in the
    admin; `common.workdays` reads them."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"
