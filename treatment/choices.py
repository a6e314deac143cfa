"""Choices of the treatment app (TextChoices with labels through gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Drug(models.TextChoices):
    METHADONE = "methadone", _("Methadone")
    BUPRENORPHINE = "buprenorphine", _("Buprenorphine")


class TreatmentStatus(models.TextChoices):
    IN_TREATMENT = "in_treatment", _("In treatment")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    TRANSFERRED = "transferred", _("Transferred to another facility")
    COMPLETED = "completed", _("Completed")
    DIED = "died", _("Died")


# A status other than "in treatment" ends the enrolment.
ENDING_STATUSES = {
    TreatmentStatus.DROPPED_OUT,
    TreatmentStatus.TRANSFERRED,
    TreatmentStatus.COMPLETED,
    TreatmentStatus.DIED,
}


class TreatmentEventKind(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    TRANSFERRED = "transferred", _("Transferred to another facility")
    COMPLETED = "completed", _("Completed")
    DIED = "died", _("Died")
    POST_REHAB = "post_rehab", _("Post-rehab management opened")


class PsychosisEndReason(models.TextChoices):
    RECOVERED = "recovered", _("Recovered")
    TREATED = "treated", _("Treated, stable")
    OTHER = "other", _("Other")


class ImportKind(models.TextChoices):
    SUBSTITUTION = "substitution", _("Monthly list of substitution-treatment patients")
    PSYCHOSIS = "psychosis", _("List of people with drug-induced psychosis")


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("Checked, waiting for your choice")
    WRITTEN = "written", _("Good rows written")
    DISCARDED = "discarded", _("Nothing written")


class RowStatus(models.TextChoices):
    NEW = "new", _("Matched: will be recorded")
    UPDATE = "update", _("Matched: status will change")
    UNCHANGED = "unchanged", _("Matched: already recorded, nothing to change")
    AMBIGUOUS = "ambiguous", _("Several people match: to review")
    UNMATCHED = "unmatched", _("No person matches: to review")
    INVALID = "invalid", _("Invalid")


GOOD_ROWS = {RowStatus.NEW, RowStatus.UPDATE}
