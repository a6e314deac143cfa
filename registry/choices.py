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
    TRANSFER = "transfer", _("Moved to another commune")
    MERGED = "merged", _("Duplicate record merged in")
    CUSTODY = "custody", _("Custody changed")
    VERIFICATION = "verification", _("Population database check")


class DocumentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DECISION = "decision", _("Decision or scanned document")
    OTHER = "other", _("Other")


class TaskKind(models.TextChoices):
    MANUAL = "manual", _("Assigned task")
    DETERMINATION_REQUIRED = "determination_required", _("Addiction determination required")
    POSSIBLE_CRIME = "possible_crime", _("Possible criminal matter (Criminal Code Art. 256a)")
    # Raised by the rehab app when a person quits or absconds from voluntary rehab.
    COMPULSORY_DOSSIER_REQUIRED = (
        "compulsory_dossier_required",
        _("Compulsory-rehab dossier required"),
    )
    # Raised by the treatment app when a patient drops out of substitution treatment.
    SUBSTITUTION_DROPOUT = (
        "substitution_dropout",
        _("Dropped out of substitution treatment: follow up"),
    )
    # Raised by the treatment app when Health flags drug-induced psychosis.
    PSYCHOSIS_MANAGEMENT = (
        "psychosis_management",
        _("Drug-induced psychosis: special management"),
    )
    # Raised by the supply-side apps when a citizen's tip is routed to a unit.
    TIP_VERIFICATION = "tip_verification", _("Citizen's tip to verify")


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
    # Rehab placements (rehab app).
    REHAB_VOLUNTARY = "rehab_voluntary", _("Voluntary rehab")
    REHAB_COMPULSORY_ADULT = "rehab_compulsory_adult", _("Compulsory rehab (adult)")
    REHAB_COMPULSORY_MINOR = "rehab_compulsory_minor", _("Compulsory rehab (minor, 12 to under 18)")
    # Education at commune (administrative measure, rehab app).
    EDUCATION_AT_COMMUNE = "education_at_commune", _("Education at commune")


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


# ---- The rest of the person record: background, custody, population database -------------------


class Ethnicity(models.TextChoices):
    """Vietnam's 54 ethnic groups with the statistics office's codes (01 Kinh … 54 Rơ Măm),
    and 55 for foreigners. The names are proper nouns, written as the official list writes
    them (like place names, they are not translated). The reports count Kinh / other."""

    KINH = "01", "Kinh"
    TAY = "02", "Tày"
    THAI = "03", "Thái"
    HOA = "04", "Hoa"
    KHMER = "05", "Khmer"
    MUONG = "06", "Mường"
    NUNG = "07", "Nùng"
    HMONG = "08", "Mông"
    DAO = "09", "Dao"
    GIA_RAI = "10", "Gia Rai"
    NGAI = "11", "Ngái"
    E_DE = "12", "Ê Đê"
    BA_NA = "13", "Ba Na"
    XO_DANG = "14", "Xơ Đăng"
    SAN_CHAY = "15", "Sán Chay"
    CO_HO = "16", "Cơ Ho"
    CHAM = "17", "Chăm"
    SAN_DIU = "18", "Sán Dìu"
    HRE = "19", "Hrê"
    MNONG = "20", "Mnông"
    RA_GLAI = "21", "Ra Glai"
    XTIENG = "22", "Xtiêng"
    BRU_VAN_KIEU = "23", "Bru Vân Kiều"
    THO = "24", "Thổ"
    GIAY = "25", "Giáy"
    CO_TU = "26", "Cơ Tu"
    GIE_TRIENG = "27", "Giẻ Triêng"
    MA = "28", "Mạ"
    KHO_MU = "29", "Khơ Mú"
    CO = "30", "Co"
    TA_OI = "31", "Tà Ôi"
    CHO_RO = "32", "Chơ Ro"
    KHANG = "33", "Kháng"
    XINH_MUN = "34", "Xinh Mun"
    HA_NHI = "35", "Hà Nhì"
    CHU_RU = "36", "Chu Ru"
    LAO = "37", "Lào"
    LA_CHI = "38", "La Chí"
    LA_HA = "39", "La Ha"
    PHU_LA = "40", "Phù Lá"
    LA_HU = "41", "La Hủ"
    LU = "42", "Lự"
    LO_LO = "43", "Lô Lô"
    CHUT = "44", "Chứt"
    MANG = "45", "Mảng"
    PA_THEN = "46", "Pà Thẻn"
    CO_LAO = "47", "Cờ Lao"
    CONG = "48", "Cống"
    BO_Y = "49", "Bố Y"
    SI_LA = "50", "Si La"
    PU_PEO = "51", "Pu Péo"
    BRAU = "52", "Brâu"
    O_DU = "53", "Ơ Đu"
    RO_MAM = "54", "Rơ Măm"
    FOREIGN = "55", _("Foreign national")

    @classmethod
    def report_group(cls, value: str) -> str:
        """The reports' breakdown: "kinh", "other" (any other group, foreigners included), or
        "" when not recorded. In a query: Q(ethnicity="01") and ~Q(ethnicity__in=["", "01"])."""
        if not value:
            return ""
        return "kinh" if value == cls.KINH else "other"


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Vocational school or college")
    UNIVERSITY = "university", _("University or higher")


class CustodyState(models.TextChoices):
    """Where the person is (DOMAIN.md §3: people held somewhere still count, by that place)."""

    AT_HOME = "at_home", _("At home (in the community)")
    PRISON = "prison", _("In prison")
    TEMPORARY_DETENTION = "temporary_detention", _("In temporary detention")
    REFORM_SCHOOL = "reform_school", _("In a reform school")
    COMPULSORY_REHAB = "compulsory_rehab", _("In a compulsory-rehab facility")
    OTHER_FACILITY = "other_facility", _("In another facility")


class VerificationState(models.TextChoices):
    """The record checked against the national population database (CSDLQG về dân cư)."""

    UNVERIFIED = "unverified", _("Not verified")
    VERIFIED = "verified", _("Verified: matches")
    MISMATCH = "mismatch", _("Does not match")
    UPDATED = "updated", _("Updated into the national database")


class PriorRecordKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal record (conviction)")
    ADMINISTRATIVE = "administrative", _("Administrative sanction")


# ---- Imports of people from spreadsheets (registry/models/imports.py) ---------------------


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking the rows")
    MAPPING = "mapping", _("Columns to match")
    READY = "ready", _("Ready: choose what to write")
    WRITING = "writing", _("Writing")
    DONE = "done", _("Written")
    CANCELLED = "cancelled", _("Nothing written")
    FAILED = "failed", _("Failed")


# The states in which a task works (or is about to work) on the import.
IMPORT_RUNNING = frozenset({ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING})


# ---- Who helps each person (registry/models/supporters.py) -----------------------------------


class SupporterKind(models.TextChoices):
    AGENCY = "agency", _("Agency or mass organisation")
    OFFICER = "officer", _("Officer (user of this system)")
    FAMILY = "family", _("Family member")
    INDIVIDUAL = "individual", _("Other named person")


class SupporterRole(models.TextChoices):
    """Roles in supporting a person; Decree 163/2026 names the management team: a police
    officer as leader, the village or residential-group representative, the family, mass
    organisations, a social worker (DOMAIN.md §3)."""

    TEAM_LEADER = "team_leader", _("Management team leader")
    TEAM_MEMBER = "team_member", _("Management team member")
    FAMILY_GUARDIAN = "family_guardian", _("Family guardian")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    COMMUNITY_REPRESENTATIVE = "community_rep", _("Village or residential-group representative")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation in charge")
    SUPPORTING_AGENCY = "supporting_agency", _("Supporting agency")
    OTHER = "other", _("Other support")


# ---- Review campaigns ("đợt tổng rà soát", registry/models/reviews.py) ------------------------


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReviewOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed as correct")
    CORRECTED = "corrected", _("Corrected")
    NOT_FOUND = "not_found", _("No longer lives here / not found")


class ReviewCorrection(models.TextChoices):
    """What a commune corrected in a person's record during a review."""

    IDENTITY = "identity", _("Name, sex or date of birth")
    NATIONAL_ID = "national_id", _("Citizen ID")
    RESIDENCE = "residence", _("Residence or address")
    CATEGORY = "category", _("Category")
    OFFICER = "officer", _("Responsible officer")
    CUSTODY = "custody", _("Custody")
    OTHER = "other", _("Other")
