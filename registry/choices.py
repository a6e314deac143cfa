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
    CORRECTION = "correction", _("Correction")
    SPECIAL_ON = "special_on", _("Special management started")
    SPECIAL_OFF = "special_off", _("Special management ended")
    PERIOD_OPENED = "period_opened", _("Management period opened")
    PERIOD_EXTENDED = "period_extended", _("Management period extended")
    PERIOD_ENDED = "period_ended", _("Management period ended")


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


# ---- Management periods (registry/models/periods.py) ---------------------------------------


class PeriodKind(models.TextChoices):
    USER = "user", _("Illicit-user management")
    POST_REHAB = "post_rehab", _("Post-rehab management")


class PostRehabBasis(models.TextChoices):
    """What preceded a post-rehab period: it chooses the legal term (1 or 2 years)."""

    VOLUNTARY_REHAB = "voluntary_rehab", _("After voluntary rehab")
    SUBSTITUTION = "substitution", _("After completed substitution treatment")
    MINOR_COMPULSORY = "minor_compulsory", _("After a minor's compulsory rehab")
    ADULT_COMPULSORY = "adult_compulsory", _("After an adult's compulsory rehab")


class Measure(models.TextChoices):
    """The measures whose durations the law sets (LegalTerm rows, per law). The rehab measures
    are added here when rehab records them."""

    USER_MANAGEMENT = "user_management", _("Illicit-user management")
    POST_REHAB_VOLUNTARY = "post_rehab_voluntary", _("Post-rehab management after voluntary rehab")
    POST_REHAB_SUBSTITUTION = (
        "post_rehab_substitution",
        _("Post-rehab management after completed substitution treatment"),
    )
    POST_REHAB_MINOR_COMPULSORY = (
        "post_rehab_minor_compulsory",
        _("Post-rehab management after a minor's compulsory rehab"),
    )
    POST_REHAB_ADULT_COMPULSORY = (
        "post_rehab_adult_compulsory",
        _("Post-rehab management after an adult's compulsory rehab"),
    )


class PeriodEndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")
    NEW_DECISION = "new_decision", _("Replaced by a new decision")
    MOVED_AWAY = "moved_away", _("Moved away")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class DrugTestMethod(models.TextChoices):
    QUICK = "quick", _("Quick test")
    LABORATORY = "laboratory", _("Laboratory test")


class DrugTestSample(models.TextChoices):
    URINE = "urine", _("Urine")
    SALIVA = "saliva", _("Saliva")
    BLOOD = "blood", _("Blood")
    HAIR = "hair", _("Hair")


class Substance(models.TextChoices):
    OPIATES = "opiates", _("Heroin / opiates")
    METHAMPHETAMINE = "methamphetamine", _("Methamphetamine")
    AMPHETAMINE = "amphetamine", _("Amphetamine")
    MDMA = "mdma", _("MDMA (ecstasy)")
    KETAMINE = "ketamine", _("Ketamine")
    CANNABIS = "cannabis", _("Cannabis (THC)")
    COCAINE = "cocaine", _("Cocaine")
    OTHER = "other", _("Other")


class DrugTestResult(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")
    INVALID = "invalid", _("Invalid")


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE_CALL = "phone_call", _("Phone call")
    OFFICE_TALK = "office_talk", _("Talk at the office")
    # Made by the drug-test service with the test it records (a test is also a contact).
    TEST = "test", _("Drug test")
