"""`seed_demo --scale N`: N people in bulk for the benchmarks, spread over every commune of the
province, with the work a real province has: the last check of each managed person (so that
monthly checks fall due), open "determination required" tasks, and management periods. Rows
are written directly (STYLE.md allows bulk generators for benchmarks); the figures they give
are those the services keep."""

import datetime
import random

from django.utils import timezone

from common.text import fold
from registry import selectors
from registry.choices import (
    Category,
    EventKind,
    PeriodKind,
    PostRehabBasis,
    TaskKind,
    TaskStatus,
)
from registry.models import (
    ManagementPeriod,
    Person,
    PersonEvent,
    Task,
    law_on,
    period_end_date,
    period_measure,
)

from . import names

BATCH = 5000
MANAGED = (Category.ILLICIT_USER, Category.ADDICTED, Category.POST_REHAB)


def scale_people(*, communes, officers, count, category_weights, write=print) -> None:
    """`officers`: commune unit id -> the demo officer responsible for its people."""
    rng = random.Random(count)  # noqa: S311
    start = Person.objects.count()
    today = timezone.localdate()
    categories, weights = zip(*category_weights, strict=True)
    terms = {}
    for offset in range(0, count, BATCH):
        people = []
        for i in range(offset, min(count, offset + BATCH)):
            sex = "M" if rng.random() < 0.88 else "F"
            birth_year = rng.randint(1965, 2008)
            commune = communes[i % len(communes)]
            name = names.person_name(rng, sex)
            category = rng.choices(categories, weights)[0]
            registered = today - datetime.timedelta(days=rng.randint(40, 1500))
            checked = registered
            if category in MANAGED:
                # Checked within the last 75 days: about 60 % are due a monthly check.
                checked = max(registered, today - datetime.timedelta(days=rng.randint(0, 75)))
            people.append(
                Person(
                    full_name=name,
                    full_name_folded=fold(name),
                    sex=sex,
                    birth_year=birth_year,
                    national_id=(
                        names.citizen_id_for(start + i, birth_year, sex)
                        if rng.random() < 0.9
                        else ""
                    ),
                    residence_unit=commune,
                    scope_path=commune.path,
                    address=names.address(rng),
                    category=category,
                    responsible_officer=officers.get(commune.pk),
                    last_checked_on=checked,
                    created_at=timezone.make_aware(
                        datetime.datetime.combine(registered, datetime.time(9))
                    ),
                )
            )
        Person.objects.bulk_create(people, batch_size=BATCH)
        events, tasks, periods = [], [], []
        for person in people:
            registered = timezone.localdate(person.created_at)
            events.append(
                PersonEvent(
                    person=person,
                    kind=EventKind.REGISTERED,
                    occurred_on=registered,
                    category_after=person.category,
                    law=law_on(registered),
                )
            )
            if person.category in MANAGED and rng.random() < 0.04:
                tasks.append(
                    Task(
                        kind=TaskKind.DETERMINATION_REQUIRED,
                        title="Cần xác định tình trạng nghiện",
                        person=person,
                        unit=person.residence_unit,
                        scope_path=person.scope_path,
                        owner=person.responsible_officer,
                        due_on=today + datetime.timedelta(days=rng.randint(-20, 10)),
                        status=TaskStatus.OPEN,
                    )
                )
            kind = {
                Category.ILLICIT_USER: (PeriodKind.USER, ""),
                Category.POST_REHAB: (PeriodKind.POST_REHAB, PostRehabBasis.VOLUNTARY_REHAB),
            }.get(person.category)
            if kind and rng.random() < 0.7:
                periods.append(_period(rng, person, kind, registered, today, terms))
        PersonEvent.objects.bulk_create(events, batch_size=BATCH)
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        ManagementPeriod.objects.bulk_create(periods, batch_size=BATCH)
        write(f"{min(count, offset + BATCH)}/{count}")


def _period(rng, person, kind, registered, today, terms) -> ManagementPeriod:
    """A period that started after registration and within the last 13 months: some end
    within the due list's horizon, a few are past their end."""
    start_on = max(registered, today - datetime.timedelta(days=rng.randint(20, 395)))
    law = law_on(start_on)
    measure = period_measure(*kind)
    if (law, measure) not in terms:
        terms[law, measure] = selectors.legal_term_for(law=law, measure=measure)
    term = terms[law, measure]
    return ManagementPeriod(
        person=person,
        kind=kind[0],
        basis=kind[1],
        legal_term=term,
        start_on=start_on,
        law=law,
        months=term.default_months,
        planned_end_on=period_end_date(start_on, term.default_months),
        decision_number=f"{rng.randint(1, 999)}/QĐ-CAX",
        decision_date=start_on,
        decision_body="Công an xã",
    )
