"""Demo commune classification for the demo province: every commune's population (and a few
on a drug route) for last year and this one, so that every commune has a proposed class; the
province's decision for last year on a third of the communes (most as proposed, a few not,
one decided twice); and drug-free target years registered by about half of the communes.
Written through the services, as PC04 and the communes would; re-runnable (the previous demo
rows are removed). Synthetic data only."""

import datetime

from django.db import transaction

from accounts.scoping import Access
from communes import selectors, services
from communes.choices import DrugClass

DAY = datetime.timedelta(days=1)


@transaction.atomic
def purge(*, users) -> None:
    pc04 = users["pc04"]
    demo = list(users.values())
    selectors.decision_list(user=pc04, access=Access.WRITE).filter(decided_by__in=demo).delete()
    selectors.target_list(user=pc04, access=Access.WRITE).filter(created_by__in=demo).delete()
    selectors.year_data_list(user=pc04, access=Access.WRITE).filter(updated_by__in=demo).delete()


def seed(*, province, users, today, rng) -> int:
    pc04 = users["pc04"]
    purge(users=users)
    communes = list(selectors.commune_list(user=pc04, access=Access.WRITE))
    last_year = today.year - 1
    for commune in communes:
        population = rng.randint(5, 40) * 1000 + rng.randint(0, 999)
        on_route = rng.random() < 0.12
        for year in (last_year, today.year):
            services.year_data_save(
                actor=pc04,
                commune=commune,
                year=year,
                population=population,
                on_drug_route=on_route,
                source="Niên giám thống kê (số liệu mẫu)",
            )
    # Decisions for last year, early this year, on a third of the communes.
    rows = selectors.status_rows(user=pc04, year=last_year, today=today)
    classes = DrugClass.values
    decided_on = min(today, datetime.date(today.year, 1, 20))
    decisions = 0
    for number, row in enumerate(rows[::3], start=1):
        drug_class = row.proposed
        if number % 5 == 0:  # the province decided otherwise
            drug_class = classes[(classes.index(row.proposed) + 1) % len(classes)]
        services.classification_decide(
            actor=pc04,
            commune=row.commune,
            year=last_year,
            drug_class=drug_class,
            document_number=f"{number}/QĐ-UBND",
            document_date=decided_on,
            deciding_body="UBND tỉnh",
            note="Phân loại theo Quyết định 28/2025/QĐ-TTg (số liệu mẫu).",
        )
        decisions += 1
    if rows:  # one commune re-classified: the earlier decision stays in its history
        services.classification_decide(
            actor=pc04,
            commune=rows[0].commune,
            year=last_year,
            drug_class=DrugClass.TYPE_III,
            document_number="99/QĐ-UBND",
            document_date=decided_on,
            deciding_body="UBND tỉnh",
            note="Điều chỉnh sau khi rà soát lại số liệu.",
        )
    # Drug-free target years, registered by about half of the communes (xa1's included).
    xa1 = users["xa1"].scope_unit_id
    for commune in communes:
        if commune.pk != xa1 and rng.random() < 0.5:
            continue
        actor = users["xa1"] if commune.pk == xa1 else pc04
        services.target_register(
            actor=actor,
            commune=commune,
            target_year=rng.choice(range(max(today.year, 2026), 2031)),
            registered_on=today - rng.randint(10, 200) * DAY,
            document_number="Đăng ký xây dựng xã không ma túy",
        )
    return decisions
