"""Users, agencies, and the append-only access and change logs."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AccessAction, AgencyKind, ChangeAction, Role, Sector


class Agency(models.Model):
    """A body that users work for and that issues or receives documents and reports."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="agencies", verbose_name=_("unit")
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
        help_text=_("Printed above the agency's name on official documents."),
    )
    document_code = models.CharField(
        _("document code"),
        max_length=20,
        blank=True,
        help_text=_("Abbreviation used in document numbers, e.g. CAX in 15/BC-CAX."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    scope_unit = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jurisdiction"),
        help_text=_("The unit whose records the user may see: a commune or the province."),
    )
    agency = models.ForeignKey(
        Agency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
    )
    title = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Vietnamese order: family and middle names (last_name), then the given name.
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.role == Role.ADMIN


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("This log is append-only.")

    def delete(self):
        raise PermissionError("This log is append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("This log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("This log is append-only.")


class AccessLog(AppendOnlyModel):
    """Who saw or took which record, when, from where. Holds ids, never personal data."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, models.PROTECT, null=True, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    record_type = models.CharField(_("record type"), max_length=40)
    record_id = models.CharField(_("record"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="access_record")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.record_type} {self.record_id}"


class ChangeLog(AppendOnlyModel):
    """Every change: who, when, the values before and after."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, models.PROTECT, null=True, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=20, choices=ChangeAction.choices)
    record_type = models.CharField(_("record type"), max_length=40)
    record_id = models.CharField(_("record"), max_length=40)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="change_record")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.record_type} {self.record_id}"
