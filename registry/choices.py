from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Category(models.TextChoices):
    SUSPECTED_USE = "suspected_use", _("Suspected of drug use")
    SUSPECTED_ADDICTION = "suspected_addiction", _("Suspected of addiction")
    ILLICIT_USER = "illicit_user", _("Illicit drug user")
    ADDICTED = "addicted", _("Addicted")
    POST_REHAB = "post_rehab", _("Under post-rehab management")


class Law(models.TextChoices):
    LAW_73_2021 = "73/2021/QH14", _("Law 73/2021/QH14 (until 30/06/2026)")
    LAW_120_2025 = "120/2025/QH15", _("Law 120/2025/QH15 (from 01/07/2026)")


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CATEGORY = "category", _("Category changed")


class DocumentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DECISION = "decision", _("Decision or scanned document")
    OTHER = "other", _("Other")


class TaskKind(models.TextChoices):
    MANUAL = "manual", _("Assigned task")
    DETERMINATION_REQUIRED = "determination_required", _("Addiction determination required")
    POSSIBLE_CRIME = "possible_crime", _("Possible criminal matter (Criminal Code Art. 256a)")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
