"""Choices of key areas ("địa bàn trọng điểm, phức tạp về ma túy")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

RECORD_TYPE = "key_area"


class KeyAreaStatus(models.TextChoices):
    DESIGNATED = "designated", _("Designated: being transformed")
    TRANSFORMED = "transformed", _("Transformed: under watch")


class KeyAreaStep(models.TextChoices):
    DESIGNATE = "designate", _("Designation")
    TRANSFORM = "transform", _("Declared transformed")
    RELAPSE = "relapse", _("Became complex again")
    CHECK = "check", _("Watch check")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class EvaluationResult(models.TextChoices):
    WORSE = "worse", _("More complex")
    UNCHANGED = "unchanged", _("Unchanged")
    IMPROVING = "improving", _("Improving")
    MEETS = "meets", _("Meets the criteria to be declared transformed")


class CheckFinding(models.TextChoices):
    QUIET = "quiet", _("Stable: no return of complex drug activity")
    RELAPSED = "relapsed", _("Complex again")
