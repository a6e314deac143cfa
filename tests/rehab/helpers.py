"""Helpers of the rehab tests: users and facilities made as users make them."""

import datetime

from rehab import services

from ..factories import make_agency, make_user


def provincial_police_user(units, username="pc04_rehab"):
    agency = make_agency("Công an tỉnh", "provincial_police", "police", units["province"])
    return make_user(username, "provincial_police", units["province"], agency=agency)


def make_facility(actor, unit, *, kind="determination", name="Trạm Y tế phường Ninh Kiều", **kw):
    measures = (
        kw.pop("measures", None)
        or {
            "determination": ["determination"],
            "health_station": ["determination"],
            "public_rehab": ["voluntary_rehab", "compulsory_adult", "compulsory_minor"],
            "private_rehab": ["voluntary_rehab"],
            "community": ["community_rehab"],
            "substitution": ["substitution"],
            "psychiatric": ["psychosis", "determination"],
        }[kind]
    )
    kw.setdefault("licence_number", "123/GP-SYT")
    kw.setdefault("licence_date", datetime.date(2024, 3, 1))
    return services.facility_create(
        actor=actor, kind=kind, name=name, unit=unit, measures=measures, **kw
    )


ALL_CRITERIA = {
    "craving": True,
    "loss_of_control": True,
    "withdrawal": True,
    "tolerance": False,
    "neglect": False,
    "harm": False,
}


def raise_determination_task(person):
    from django.utils import timezone

    from registry.services.work import task_raise

    return task_raise(
        person=person,
        kind="determination_required",
        title="Xác định tình trạng nghiện",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )


def record_determination(actor, person, facility, *, on=None, **kw):
    from django.utils import timezone

    from rehab.services_determinations import determination_record

    on = on or timezone.localdate()
    data = {
        "number": "12/PKQ-TYT",
        "determined_on": on,
        "physician_name": "BS. Nguyễn Thị Hoa",
        "physician_certificate": "000123/CT-CCHN",
        "certificate_valid_from": datetime.date(2020, 1, 1),
        "observed_from": on - datetime.timedelta(days=45),
        "observed_to": on,
        "degree": "moderate",
        **ALL_CRITERIA,
    }
    data.update(kw)
    return determination_record(actor=actor, person=person, facility=facility, **data)


def open_placement(actor, person, *, form="voluntary_community", start_on, **kw):
    from rehab.services_placements import placement_open

    kw.setdefault("decision_number", "22/QĐ-UBND")
    kw.setdefault("decision_date", start_on)
    kw.setdefault("decision_body", "UBND phường Ninh Kiều")
    return placement_open(actor=actor, person=person, form=form, start_on=start_on, **kw)


def compile_dossier(actor, person, *, compiled_on, last_violation_on=None, **kw):
    from rehab.services_dossiers import dossier_compile

    kw.setdefault("grounds", "Bỏ cai nghiện tự nguyện tại cộng đồng")
    kw.setdefault("document_number", "01/BB-CAX")
    return dossier_compile(
        actor=actor,
        person=person,
        compiled_on=compiled_on,
        last_violation_on=last_violation_on or compiled_on,
        **kw,
    )


def dossier_stage(actor, dossier, stage, on, **kw):
    from rehab.services_dossiers import dossier_stage as record

    if stage == "submitted":
        kw.setdefault("document_number", "05/CV-CAX")
    return record(actor=actor, dossier=dossier, stage=stage, occurred_on=on, **kw)


def decide(actor, dossier, on, *, months, **kw):
    kw.setdefault("decision_number", "15/2026/QĐ-TA")
    kw.setdefault("court", "Tòa án nhân dân khu vực 1 – Cần Thơ")
    return dossier_stage(
        actor,
        dossier,
        "decided",
        on,
        decision_date=kw.pop("decision_date", on),
        months=months,
        **kw,
    )


def dossier_to_decision(actor, person, *, compiled_on, months, decided_on=None, **kw):
    """Compiled, read, submitted and decided on consecutive days from `compiled_on`."""
    day = datetime.timedelta(days=1)
    dossier = compile_dossier(actor, person, compiled_on=compiled_on, **kw)
    dossier = dossier_stage(actor, dossier, "open_for_reading", compiled_on + day)
    dossier = dossier_stage(actor, dossier, "submitted", compiled_on + 5 * day)
    return decide(actor, dossier, decided_on or compiled_on + 10 * day, months=months)
