from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    COMMUNE_LEADER = "commune_leader", _("Commune leader")
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police (PC04)")
    FACILITY_OFFICER = "facility_officer", _("Rehab facility officer")
    DEPARTMENT = "department", _("Department officer")
    ORGANISATION = "organisation", _("Mass-organisation officer")
    READER = "reader", _("Steering-committee reader")
    ADMIN = "admin", _("Administrator")


class AgencyKind(models.TextChoices):
    COMMUNE_POLICE = "commune_police", _("Commune police")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police")
    REHAB_FACILITY = "rehab_facility", _("Public rehab facility")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    DEPARTMENT = "department", _("Department")
    PROCURACY = "procuracy", _("Procuracy")
    COURT = "court", _("Court")
    BORDER_GUARD = "border_guard", _("Border guard")
    CUSTOMS = "customs", _("Customs")
    ORGANISATION = "organisation", _("Mass organisation")


class Sector(models.TextChoices):
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health")
    HOME_AFFAIRS = "home_affairs", _("Home Affairs")
    EDUCATION = "education", _("Education and Training")
    INDUSTRY_TRADE = "industry_trade", _("Industry and Trade")
    AGRICULTURE = "agriculture", _("Agriculture and Environment")
    CULTURE = "culture", _("Culture, Sports and Tourism")
    JUSTICE = "justice", _("Justice")
    GOVERNMENT = "government", _("People's Committee")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    LABOUR_FEDERATION = "labour_federation", _("Labour Federation")
    OTHER = "other", _("Other")


class AccessAction(models.TextChoices):
    VIEW = "view", _("View")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("Download")
    PRINT = "print", _("Print")
    SEARCH = "search", _("Search")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DEACTIVATE = "deactivate", _("Deactivate")
    PASSWORD_RESET = "password_reset", _("Password reset")
    OTP_ENABLE = "otp_enable", _("Two-step login set up")
    OTP_REMOVE = "otp_remove", _("Two-step login removed")
    OTP_RESET = "otp_reset", _("Two-step login reset")
