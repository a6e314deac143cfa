"""Builders shared by the moving, caseload and duplicate tests."""

import datetime

from django.utils import timezone

from areas.choices import Era, Level
from areas.models import AdminUnit
from registry import services


def today() -> datetime.date:
    """The local date when the test runs, not when the module was imported: a run that
    crosses midnight in Asia/Ho_Chi_Minh sees the new day."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)


def third_commune(units):
    """A current commune of the demo province that is neither A nor B."""
    return (
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, path__startswith="92.")
        .exclude(pk__in=[units["a"].pk, units["b"].pk])
        .order_by("path")
        .first()
    )


def transfer(actor, person, *, to_unit=None, days_ago=30, **fields):
    fields.setdefault("basis_number", "12/TB-CAX")
    fields.setdefault("basis_body", "Công an xã")
    return services.person_transfer(
        actor=actor, person=person, to_unit=to_unit, moved_on=today() - days_ago * DAY, **fields
    )


def contact(actor, person, days_ago, note="", **fields):
    return services.contact_record(
        actor=actor,
        person=person,
        contacted_on=today() - days_ago * DAY,
        kind="home_visit",
        note=note,
        **fields,
    )


def drug_test(actor, person, days_ago, result="negative", **fields):
    return services.drug_test_record(
        actor=actor,
        person=person,
        tested_on=today() - days_ago * DAY,
        method="quick",
        sample="urine",
        substances_tested=["methamphetamine"],
        substances_positive=["methamphetamine"] if result == "positive" else [],
        result=result,
        **fields,
    )


def change_category(actor, person, category, days_ago, number="QĐ-1"):
    return services.person_change_category(
        actor=actor,
        person=person,
        category=category,
        occurred_on=today() - days_ago * DAY,
        basis_number=number,
        basis_body="UBND xã",
    )
