"""Management periods: legal terms as data, derived end dates, law by date, overrides with a
reason, overlap refusal, extend / end / renew, the due list, pages and API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ChangeLog
from registry import selectors, services
from registry.choices import EventKind, Law, Measure, PeriodEndReason, PeriodKind
from registry.due import due_list
from registry.due_periods import period_ends
from registry.models import LegalTerm, ManagementPeriod, PersonEvent, period_end_date

from ..factories import make_person

D = datetime.date
DECISION = {"decision_number": "15/QĐ-CAX", "decision_body": "Công an phường Ninh Kiều"}


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source (locale/vi is maintained separately)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def today(monkeypatch):
    """`today(day)` fixes the local date the services and pages see (default 01/06/2028, so
    that starts in 2026–2028 are in the past)."""
    real = timezone.localdate

    def set_today(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return day

    set_today(D(2028, 6, 1))
    return set_today


def open_period(actor, person, *, start_on, kind=PeriodKind.USER, **extra):
    data = {"decision_date": start_on, **DECISION, **extra}
    return services.period_open(actor=actor, person=person, kind=kind, start_on=start_on, **data)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# ---- the date convention ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 3, 15), 12, D(2027, 3, 14)),  # the day before the anniversary
        (D(2027, 3, 1), 12, D(2028, 2, 29)),  # ... which may be a 29 February
        (D(2028, 2, 29), 12, D(2029, 2, 28)),  # no 29/02/2029: the end of that month
        (D(2028, 2, 29), 24, D(2030, 2, 28)),
        (D(2028, 2, 29), 48, D(2032, 2, 28)),  # 29/02/2032 exists: the day before it
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31/02: the end of February
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 1, 30), 1, D(2026, 2, 28)),
        (D(2026, 1, 31), 12, D(2027, 1, 30)),
        (D(2026, 1, 31), 3, D(2026, 4, 30)),  # no 31/04
        (D(2026, 1, 1), 12, D(2026, 12, 31)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
    ],
)
def test_end_date_convention(start, months, end):
    assert period_end_date(start, months) == end


# ---- legal terms are data --------------------------------------------------------------------


def test_legal_terms_are_loaded_by_the_data_migration(db):
    terms = {(t.law, t.measure): t for t in LegalTerm.objects.all()}
    # The registry's own measures (the rehab measures come with migration 0017, education at
    # commune with rehab's 0009).
    period_measures = [
        t for t in terms if not t[1].startswith("rehab_") and t[1] != Measure.EDUCATION_AT_COMMUNE
    ]
    assert len(period_measures) == 10
    for law in Law.values:
        assert terms[(law, Measure.USER_MANAGEMENT)].default_months == 12
        assert terms[(law, Measure.USER_MANAGEMENT)].due_days_before_end == 0
        for measure in (
            Measure.POST_REHAB_VOLUNTARY,
            Measure.POST_REHAB_SUBSTITUTION,
            Measure.POST_REHAB_MINOR_COMPULSORY,
        ):
            assert terms[(law, measure)].default_months == 12
            assert terms[(law, measure)].due_days_before_end == 3
        adult = terms[(law, Measure.POST_REHAB_ADULT_COMPULSORY)]
        assert (adult.default_months, adult.min_months, adult.max_months) == (24, 24, 24)
        assert all(t.source for t in terms.values())


def test_durations_come_from_the_legal_terms(today, officer_a, person_a):
    LegalTerm.objects.filter(law=Law.LAW_120_2025, measure=Measure.USER_MANAGEMENT).update(
        default_months=18, max_months=18
    )
    changed = open_period(officer_a, person_a, start_on=D(2026, 8, 1))
    assert (changed.months, changed.planned_end_on) == (18, D(2028, 1, 31))
    assert changed.legal_term.law == Law.LAW_120_2025


def test_a_missing_legal_term_is_refused_with_a_field_error(today, officer_a, person_a):
    LegalTerm.objects.filter(measure=Measure.POST_REHAB_VOLUNTARY).delete()
    with pytest.raises(ValidationError) as excinfo:
        open_period(
            officer_a,
            person_a,
            start_on=D(2026, 8, 1),
            kind=PeriodKind.POST_REHAB,
            basis="voluntary_rehab",
        )
    assert "administrator" in errors_of(excinfo)["basis"][0]
    assert not ManagementPeriod.objects.exists()


def test_legal_term_range_is_checked(db):
    term = LegalTerm(law=Law.LAW_73_2021, measure="user_management", from_occurrence=2)
    term.default_months, term.min_months, term.max_months = 12, 12, 6
    with pytest.raises(ValidationError) as excinfo:
        term.full_clean()
    assert "max_months" in errors_of(excinfo)
    term.min_months, term.max_months, term.default_months = 6, 12, 24
    with pytest.raises(ValidationError) as excinfo:
        term.full_clean()
    assert "default_months" in errors_of(excinfo)


def test_legal_terms_are_edited_in_admin_by_administrators_only(
    client_for, administrator, officer_a
):
    term = LegalTerm.objects.get(law=Law.LAW_120_2025, measure=Measure.USER_MANAGEMENT)
    url = f"/django-admin/registry/legalterm/{term.pk}/change/"
    assert client_for(officer_a).get(url).status_code == 302  # to the admin login
    client = client_for(administrator)
    assert client.get("/django-admin/registry/legalterm/").status_code == 200
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "law": term.law,
        "measure": term.measure,
        "from_occurrence": 1,
        "default_months": 12,
        "min_months": 6,
        "max_months": 12,
        "due_days_before_end": 5,
        "source": term.source,
        "note": term.note,
    }
    assert client.post(url, data).status_code == 302
    term.refresh_from_db()
    assert (term.min_months, term.due_days_before_end) == (6, 5)
    entry = ChangeLog.objects.get(record_type="legal_term", record_id=str(term.pk))
    assert entry.before == {"due_days_before_end": 0, "min_months": 12}
    assert client.post(f"/django-admin/registry/legalterm/{term.pk}/delete/").status_code == 403


# ---- opening: derived end, law by date, overrides ----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "basis", "start", "law", "months", "end"),
    [
        ("user", "", D(2026, 3, 15), Law.LAW_73_2021, 12, D(2027, 3, 14)),
        ("user", "", D(2026, 8, 15), Law.LAW_120_2025, 12, D(2027, 8, 14)),
        ("user", "", D(2028, 2, 29), Law.LAW_120_2025, 12, D(2029, 2, 28)),
        ("post_rehab", "voluntary_rehab", D(2026, 1, 31), Law.LAW_73_2021, 12, D(2027, 1, 30)),
        ("post_rehab", "substitution", D(2026, 7, 1), Law.LAW_120_2025, 12, D(2027, 6, 30)),
        ("post_rehab", "minor_compulsory", D(2026, 6, 30), Law.LAW_73_2021, 12, D(2027, 6, 29)),
        ("post_rehab", "adult_compulsory", D(2026, 3, 1), Law.LAW_73_2021, 24, D(2028, 2, 29)),
        ("post_rehab", "adult_compulsory", D(2028, 2, 29), Law.LAW_120_2025, 24, D(2030, 2, 28)),
    ],
)
def test_open_derives_law_duration_and_end(
    today, officer_a, person_a, kind, basis, start, law, months, end
):
    period = open_period(officer_a, person_a, start_on=start, kind=kind, basis=basis)
    period.refresh_from_db()
    assert (period.law, period.months, period.planned_end_on) == (law, months, end)
    assert period.current_end == end and period.extended_to is None and period.is_open
    assert period.legal_term.law == law


@pytest.mark.parametrize(
    ("start", "law"),
    [
        (D(2026, 6, 29), Law.LAW_73_2021),
        (D(2026, 6, 30), Law.LAW_73_2021),
        (D(2026, 7, 1), Law.LAW_120_2025),
        (D(2026, 7, 2), Law.LAW_120_2025),
    ],
)
def test_law_is_chosen_by_the_start_date(today, officer_a, person_a, start, law):
    assert open_period(officer_a, person_a, start_on=start).law == law


def test_another_law_needs_a_reason(today, officer_a, person_a):
    with pytest.raises(ValidationError) as excinfo:
        open_period(officer_a, person_a, start_on=D(2026, 7, 1), law=Law.LAW_73_2021)
    assert "Law 120/2025/QH15" in errors_of(excinfo)["law_reason"][0]
    assert not ManagementPeriod.objects.exists()
    period = open_period(
        officer_a,
        person_a,
        start_on=D(2026, 7, 1),
        law=Law.LAW_73_2021,
        law_reason="Hồ sơ lập trước 01/07/2026",
    )
    assert period.law == Law.LAW_73_2021 and period.legal_term.law == Law.LAW_73_2021


def test_a_duration_outside_the_legal_range_needs_a_reason(today, officer_a, person_a):
    with pytest.raises(ValidationError) as excinfo:
        open_period(officer_a, person_a, start_on=D(2026, 8, 1), months=18)
    assert "12–12 months" in errors_of(excinfo)["months_reason"][0]
    period = open_period(
        officer_a, person_a, start_on=D(2026, 8, 1), months=18, months_reason="Theo quyết định"
    )
    assert (period.months, period.planned_end_on) == (18, D(2028, 1, 31))


def test_a_duration_inside_the_legal_range_needs_no_reason(today, officer_a, person_a):
    LegalTerm.objects.filter(law=Law.LAW_120_2025, measure=Measure.USER_MANAGEMENT).update(
        min_months=6
    )
    period = open_period(officer_a, person_a, start_on=D(2026, 8, 1), months=9)
    assert period.planned_end_on == D(2027, 4, 30)


def test_a_period_keeps_its_months_when_the_term_changes_later(today, officer_a, person_a):
    period = open_period(officer_a, person_a, start_on=D(2026, 8, 1))
    LegalTerm.objects.filter(law=Law.LAW_120_2025, measure=Measure.USER_MANAGEMENT).update(
        default_months=6, min_months=6, max_months=6
    )
    period = services.period_extend(
        actor=officer_a, period=period, extended_to=D(2027, 9, 30), extension_reason="x"
    )
    period.refresh_from_db()
    assert (period.months, period.planned_end_on) == (12, D(2027, 7, 31))
    ended = services.period_end(
        actor=officer_a, period=period, ended_on=D(2027, 9, 30), end_reason="completed"
    )
    assert ended.ended_on == D(2027, 9, 30)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"decision_number": ""}, "decision_number"),
        ({"decision_body": "  "}, "decision_body"),
        ({"decision_date": None}, "decision_date"),
        ({"decision_date": D(2026, 8, 2)}, "decision_date"),  # after the start
        ({"decision_date": D(2028, 6, 2)}, "decision_date"),  # in the future
        ({"start_on": D(2028, 6, 2)}, "start_on"),  # in the future
        ({"start_on": D(1989, 12, 31), "decision_date": D(1989, 12, 31)}, "start_on"),  # birth
        ({"start_on": None}, "start_on"),
        ({"kind": "post_rehab"}, "basis"),  # post-rehab says what preceded it
        ({"basis": "voluntary_rehab"}, "basis"),  # user management follows no rehab
        ({"kind": "nonsense"}, "kind"),
        ({"months": 0}, "months"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(today, officer_a, person_a, change, field):
    data = {"start_on": D(2026, 8, 1), "decision_date": D(2026, 8, 1), **DECISION, **change}
    kind = data.pop("kind", PeriodKind.USER)
    with pytest.raises(ValidationError) as excinfo:
        services.period_open(actor=officer_a, person=person_a, kind=kind, **data)
    assert field in errors_of(excinfo), errors_of(excinfo)
    assert not ManagementPeriod.objects.exists()
    assert not PersonEvent.objects.filter(kind=EventKind.PERIOD_OPENED).exists()


def test_open_appends_an_event_and_a_change_log(today, officer_a, person_a):
    period = open_period(officer_a, person_a, start_on=D(2026, 3, 15), note="Xét nghiệm dương tính")
    event = PersonEvent.objects.get(person=person_a, kind=EventKind.PERIOD_OPENED)
    assert event.occurred_on == D(2026, 3, 15) and event.law == Law.LAW_73_2021
    assert event.basis_number == DECISION["decision_number"]
    assert event.basis_body == DECISION["decision_body"]
    assert "15/03/2026" in event.note and "14/03/2027" in event.note
    assert "Xét nghiệm dương tính" in event.note and event.author == officer_a
    entry = ChangeLog.objects.get(record_type="management_period", record_id=str(period.pk))
    assert entry.action == "create" and entry.after["planned_end_on"] == "2027-03-14"


def test_only_who_may_write_the_person_opens_a_period(today, officer_b, reader, health, person_a):
    for actor in (officer_b, reader, health):
        with pytest.raises(PermissionError):
            open_period(actor, person_a, start_on=D(2026, 8, 1))
    assert not ManagementPeriod.objects.exists()


# ---- overlaps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        D(2026, 3, 15),  # the same start
        D(2026, 9, 1),  # inside
        D(2027, 3, 14),  # touching: on the other's last day
        D(2026, 3, 1),  # starting before it, running into it
    ],
)
def test_overlapping_periods_of_a_kind_are_refused(today, officer_a, person_a, start):
    first = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    with pytest.raises(ValidationError) as excinfo:
        open_period(officer_a, person_a, start_on=start, decision_number="99/QĐ")
    message = errors_of(excinfo)["start_on"][0]
    assert "15/03/2026" in message and "14/03/2027" in message and "15/QĐ-CAX" in message
    assert list(ManagementPeriod.objects.all()) == [first]


def test_adjacent_periods_and_other_kinds_may_coexist(today, officer_a, person_a, person_b):
    open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    after = open_period(officer_a, person_a, start_on=D(2027, 3, 15))  # the day after the end
    assert after.planned_end_on == D(2028, 3, 14)
    post = open_period(
        officer_a,
        person_a,
        start_on=D(2026, 9, 1),
        kind=PeriodKind.POST_REHAB,
        basis="voluntary_rehab",
    )
    assert post.pk and ManagementPeriod.objects.filter(person=person_a).count() == 3


def test_an_early_end_frees_the_rest_of_the_term(today, officer_a, person_a):
    first = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    services.period_end(
        actor=officer_a, period=first, ended_on=D(2026, 9, 30), end_reason="moved_away"
    )
    with pytest.raises(ValidationError) as excinfo:
        open_period(officer_a, person_a, start_on=D(2026, 9, 30))
    assert "30/09/2026" in errors_of(excinfo)["start_on"][0]
    assert open_period(officer_a, person_a, start_on=D(2026, 10, 1)).pk


# ---- extend and end ---------------------------------------------------------------------------


def test_extend_moves_the_end_with_a_reason(today, officer_a, person_a):
    period = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    with pytest.raises(ValidationError) as excinfo:
        services.period_extend(
            actor=officer_a, period=period, extended_to=D(2027, 3, 14), extension_reason=""
        )
    assert set(errors_of(excinfo)) == {"extended_to", "extension_reason"}
    period = services.period_extend(
        actor=officer_a,
        period=period,
        extended_to=D(2027, 6, 30),
        extension_reason="Chưa hoàn thành",
        decision_number="20/QĐ",
        decision_date=D(2027, 3, 1),
    )
    period.refresh_from_db()
    assert (period.planned_end_on, period.current_end) == (D(2027, 3, 14), D(2027, 6, 30))
    event = PersonEvent.objects.get(person=person_a, kind=EventKind.PERIOD_EXTENDED)
    assert event.occurred_on == D(2027, 3, 1) and event.basis_number == "20/QĐ"
    log = ChangeLog.objects.filter(record_type="management_period", action="update").get()
    assert log.before == {"extended_to": None, "extension_reason": ""}
    with pytest.raises(ValidationError) as excinfo:  # a second extension goes further
        services.period_extend(
            actor=officer_a, period=period, extended_to=D(2027, 6, 1), extension_reason="x"
        )
    assert "30/06/2027" in errors_of(excinfo)["extended_to"][0]


def test_extension_cannot_run_into_the_next_period(today, officer_a, person_a):
    first = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    open_period(officer_a, person_a, start_on=D(2027, 4, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.period_extend(
            actor=officer_a, period=first, extended_to=D(2027, 4, 1), extension_reason="x"
        )
    assert "01/04/2027" in errors_of(excinfo)["extended_to"][0]
    first.refresh_from_db()
    assert first.extended_to is None


def test_end_early_and_complete(today, officer_a, person_a):
    period = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    ended = services.period_end(
        actor=officer_a,
        period=period,
        ended_on=D(2026, 12, 1),
        end_reason=PeriodEndReason.ENDED_EARLY,
        end_note="Đi cai nghiện",
    )
    assert (ended.ended_on, ended.end_reason, ended.is_open) == (
        D(2026, 12, 1),
        "ended_early",
        False,
    )
    event = PersonEvent.objects.get(person=person_a, kind=EventKind.PERIOD_ENDED)
    assert event.occurred_on == D(2026, 12, 1) and "Đi cai nghiện" in event.note
    with pytest.raises(ValidationError) as excinfo:
        services.period_end(
            actor=officer_a, period=ended, ended_on=D(2027, 1, 1), end_reason="died"
        )
    assert "01/12/2026" in errors_of(excinfo)["ended_on"][0]

    second = open_period(officer_a, person_a, start_on=D(2027, 1, 10))
    with pytest.raises(ValidationError) as excinfo:
        services.period_end(
            actor=officer_a, period=second, ended_on=D(2027, 6, 1), end_reason="completed"
        )
    assert "09/01/2028" in errors_of(excinfo)["end_reason"][0]
    done = services.period_end(
        actor=officer_a, period=second, ended_on=D(2028, 1, 9), end_reason="completed"
    )
    assert done.ended_on == D(2028, 1, 9)


@pytest.mark.parametrize(
    ("ended_on", "reason", "note", "field"),
    [
        (D(2026, 3, 14), "ended_early", "", "ended_on"),  # before the start
        (D(2027, 3, 15), "ended_early", "", "ended_on"),  # after the term
        (D(2028, 6, 2), "ended_early", "", "ended_on"),  # in the future
        (None, "ended_early", "", "ended_on"),
        (D(2026, 6, 1), "", "", "end_reason"),
        (D(2026, 6, 1), "nonsense", "", "end_reason"),
        (D(2026, 6, 1), "other", "", "end_note"),  # "other" says why
    ],
)
def test_bad_end_names_the_field(today, officer_a, person_a, ended_on, reason, note, field):
    period = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    with pytest.raises(ValidationError) as excinfo:
        services.period_end(
            actor=officer_a, period=period, ended_on=ended_on, end_reason=reason, end_note=note
        )
    assert field in errors_of(excinfo), errors_of(excinfo)
    period.refresh_from_db()
    assert period.ended_on is None


def test_other_commune_cannot_extend_or_end(today, officer_a, officer_b, person_a):
    period = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    with pytest.raises(PermissionError):
        services.period_extend(
            actor=officer_b, period=period, extended_to=D(2027, 6, 1), extension_reason="x"
        )
    with pytest.raises(PermissionError):
        services.period_end(
            actor=officer_b, period=period, ended_on=D(2026, 6, 1), end_reason="died"
        )


# ---- renew (Law 120: use again during it gives a new decision and a new year) --------------------


def test_renew_ends_the_period_and_opens_a_new_year(today, officer_a, person_a):
    first = open_period(officer_a, person_a, start_on=D(2026, 8, 15))
    new = services.period_renew(
        actor=officer_a,
        period=first,
        decision_number="31/QĐ-CAX",
        decision_date=D(2027, 1, 10),
        decision_body="Công an phường Ninh Kiều",
        note="Dương tính lại ngày 09/01/2027",
    )
    first.refresh_from_db()
    assert (first.ended_on, first.end_reason) == (D(2027, 1, 9), PeriodEndReason.NEW_DECISION)
    assert "31/QĐ-CAX" in first.end_note
    assert (new.start_on, new.planned_end_on, new.renews) == (D(2027, 1, 10), D(2028, 1, 9), first)
    assert new.law == Law.LAW_120_2025 and new.decision_number == "31/QĐ-CAX"
    kinds = list(
        PersonEvent.objects.filter(person=person_a)
        .exclude(kind=EventKind.REGISTERED)
        .values_list("kind", "occurred_on")
    )
    assert kinds == [
        (EventKind.PERIOD_OPENED, D(2026, 8, 15)),
        (EventKind.PERIOD_ENDED, D(2027, 1, 9)),
        (EventKind.PERIOD_OPENED, D(2027, 1, 10)),
    ]


def test_renew_across_the_change_of_law(today, officer_a, person_a):
    first = open_period(officer_a, person_a, start_on=D(2026, 3, 1))  # Law 73
    new = services.period_renew(
        actor=officer_a, period=first, decision_date=D(2026, 9, 1), **DECISION
    )
    assert (first.law, new.law) == (Law.LAW_73_2021, Law.LAW_120_2025)


@pytest.mark.parametrize(
    ("decision_date", "start_on", "field"),
    [
        (D(2026, 5, 1), None, "start_on"),  # still Law 73: determination, not renewal
        (D(2026, 3, 1), None, "start_on"),  # not after the current start
        (D(2027, 3, 1), None, "start_on"),  # after the current term
        (D(2026, 9, 1), D(2026, 8, 31), "decision_date"),  # the decision after the start
        (D(2028, 6, 2), None, "decision_date"),  # in the future
    ],
)
def test_bad_renewal_is_refused_and_writes_nothing(
    today, officer_a, person_a, decision_date, start_on, field
):
    first = open_period(officer_a, person_a, start_on=D(2026, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.period_renew(
            actor=officer_a,
            period=first,
            decision_date=decision_date,
            start_on=start_on,
            **DECISION,
        )
    assert field in errors_of(excinfo), errors_of(excinfo)
    first.refresh_from_db()
    assert first.ended_on is None and ManagementPeriod.objects.count() == 1
    assert not PersonEvent.objects.filter(kind=EventKind.PERIOD_ENDED).exists()


def test_renewal_with_a_bad_new_decision_keeps_the_old_period(today, officer_a, person_a):
    first = open_period(officer_a, person_a, start_on=D(2026, 8, 15))
    with pytest.raises(ValidationError) as excinfo:
        services.period_renew(
            actor=officer_a,
            period=first,
            decision_number="",
            decision_date=D(2027, 1, 10),
            decision_body="Công an phường",
        )
    assert "decision_number" in errors_of(excinfo)
    first.refresh_from_db()
    assert first.ended_on is None and ManagementPeriod.objects.count() == 1


def test_post_rehab_is_not_renewed(today, officer_a, person_a):
    post = open_period(
        officer_a,
        person_a,
        start_on=D(2026, 8, 1),
        kind=PeriodKind.POST_REHAB,
        basis="voluntary_rehab",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.period_renew(
            actor=officer_a, period=post, decision_date=D(2026, 10, 1), **DECISION
        )
    assert "kind" in errors_of(excinfo)


# ---- due list ---------------------------------------------------------------------------------


def _due(user, day, owner=None):
    return {item.key: item for item in period_ends(user=user, today=day, owner=owner)}


def test_due_item_appears_30_days_before_the_end_then_turns_overdue(today, officer_a, person_a):
    period = open_period(officer_a, person_a, start_on=D(2026, 3, 15))  # ends 14/03/2027
    key = f"period:{period.pk}"
    assert key not in _due(officer_a, D(2027, 2, 11))
    item = _due(officer_a, D(2027, 2, 12))[key]  # 30 days before the end
    assert item.due_on == D(2027, 3, 14) and item.state(D(2027, 2, 12)) == "later"
    assert item.person_id == person_a.pk and "14/03/2027" in item.label
    assert item.url == f"/people/{person_a.pk}/#period-{period.pk}"
    assert _due(officer_a, D(2027, 3, 14))[key].state(D(2027, 3, 14)) == "today"
    assert _due(officer_a, D(2027, 4, 20))[key].state(D(2027, 4, 20)) == "overdue"
    assert key in {i.key for i in due_list(user=officer_a, today=D(2027, 4, 20))}


def test_post_rehab_end_is_due_3_days_before_for_the_certificate(today, officer_a, person_a):
    period = open_period(
        officer_a,
        person_a,
        start_on=D(2026, 3, 15),
        kind=PeriodKind.POST_REHAB,
        basis="adult_compulsory",
    )  # 24 months: ends 14/03/2028
    item = _due(officer_a, D(2028, 3, 1))[f"period:{period.pk}"]
    assert item.due_on == D(2028, 3, 11) and "certificate" in item.label


def test_due_item_follows_the_extension_and_goes_when_ended(today, officer_a, person_a):
    period = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    key = f"period:{period.pk}"
    period = services.period_extend(
        actor=officer_a, period=period, extended_to=D(2027, 9, 30), extension_reason="x"
    )
    assert key not in _due(officer_a, D(2027, 3, 14))
    assert _due(officer_a, D(2027, 9, 1))[key].due_on == D(2027, 9, 30)
    services.period_end(
        actor=officer_a, period=period, ended_on=D(2027, 9, 30), end_reason="completed"
    )
    assert key not in _due(officer_a, D(2027, 10, 5))


def test_due_items_are_scoped_and_narrowed_to_the_officer(today, officer_a, officer_b, pc04, units):
    mine = make_person(officer_a, units["a"], full_name="Của Tôi", responsible_officer=officer_a)
    nobody = make_person(officer_a, units["a"], full_name="Chưa Giao")
    theirs = make_person(officer_b, units["b"], full_name="Xã Khác", responsible_officer=officer_b)
    p1 = open_period(officer_a, mine, start_on=D(2026, 3, 15))
    p2 = open_period(officer_a, nobody, start_on=D(2026, 3, 15))
    p3 = open_period(officer_b, theirs, start_on=D(2026, 3, 15))
    day = D(2027, 3, 1)
    assert set(_due(officer_a, day)) == {f"period:{p1.pk}", f"period:{p2.pk}"}
    assert set(_due(officer_a, day, owner=officer_a)) == {f"period:{p1.pk}"}
    assert _due(officer_a, day, owner=officer_a)[f"period:{p1.pk}"].owner_id == officer_a.pk
    assert set(_due(pc04, day)) == {f"period:{p.pk}" for p in (p1, p2, p3)}
    assert set(_due(pc04, day, owner=officer_b)) == {f"period:{p3.pk}"}


def test_due_periods_cost_the_same_queries_whatever_their_number(today, officer_a, units):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            items = list(period_ends(user=officer_a, today=D(2027, 3, 1)))
        return len(items), len(ctx.captured_queries)

    for i in range(2):
        person = make_person(officer_a, units["a"], full_name=f"Người {i}")
        open_period(officer_a, person, start_on=D(2026, 3, 15))
    few_items, few = count()
    for i in range(2, 6):
        person = make_person(
            officer_a, units["a"], full_name=f"Người {i}", responsible_officer=officer_a
        )
        open_period(
            officer_a, person, start_on=D(2026, 3, 15), kind="post_rehab", basis="substitution"
        )
    many_items, many = count()
    assert (few_items, many_items) == (2, 6)
    # One query for the legal terms' notices, then one per notice.
    assert few == many == 1 + len(selectors.legal_term_notice_days())


# ---- pages ----------------------------------------------------------------------------------


def test_person_page_shows_current_and_past_periods(today, client_for, officer_a, person_a):
    today(D(2027, 2, 1))
    past = open_period(officer_a, person_a, start_on=D(2025, 1, 10))
    services.period_end(
        actor=officer_a, period=past, ended_on=D(2025, 6, 1), end_reason="ended_early"
    )
    current = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    page = client_for(officer_a).get(f"/people/{person_a.pk}/").text
    assert 'id="periods"' in page and "Management periods" in page
    assert f'id="period-{current.pk}" class="period-current"' in page
    assert f'id="period-{past.pk}" class="period-past' in page
    assert "14/03/2027" in page and "41 days left" in page
    assert "Ended on 01/06/2025" in page
    assert f"/people/{person_a.pk}/periods/{current.pk}/extend/" in page
    today(D(2027, 3, 20))
    page = client_for(officer_a).get(f"/people/{person_a.pk}/").text
    assert "Term ended 6 days ago" in page


def test_person_page_query_count_does_not_grow_with_periods(today, client_for, officer_a, person_a):
    client = client_for(officer_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/people/{person_a.pk}/").status_code == 200
        return len(ctx.captured_queries)

    # One period of each kind first: a section (rehab's post-rehab follow-up) reads its rows
    # only when there is a post-rehab period at all.
    open_period(officer_a, person_a, start_on=D(2024, 1, 1))
    open_period(
        officer_a, person_a, start_on=D(2023, 1, 1), kind="post_rehab", basis="substitution"
    )
    few = count()
    open_period(officer_a, person_a, start_on=D(2025, 1, 1))
    open_period(
        officer_a, person_a, start_on=D(2026, 1, 1), kind="post_rehab", basis="substitution"
    )
    assert count() == few


def test_open_form_creates_a_period(today, client_for, officer_a, person_a):
    client = client_for(officer_a)
    url = f"/people/{person_a.pk}/periods/new/"
    form = client.get(url)
    assert form.status_code == 200 and "Illicit-user management" in form.text
    response = client.post(
        url,
        {
            "kind": "post_rehab",
            "basis": "adult_compulsory",
            "start_on": "01/03/2026",
            "decision_number": "7/QĐ-UBND",
            "decision_date": "27/02/2026",
            "decision_body": "UBND phường Ninh Kiều",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person_a.pk}/#periods"
    period = ManagementPeriod.objects.get(person=person_a)
    assert (period.months, period.planned_end_on) == (24, D(2028, 2, 29))


def test_open_form_names_the_field_and_keeps_the_input(today, client_for, officer_a, person_a):
    open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    client = client_for(officer_a)
    url = f"/people/{person_a.pk}/periods/new/"
    data = {
        "kind": "user",
        "start_on": "01/09/2026",
        "decision_number": "88/QĐ-CAX",
        "decision_date": "01/09/2026",
        "decision_body": "Công an phường",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "overlaps" in response.context["form"].errors["start_on"][0]
    assert 'value="88/QĐ-CAX"' in response.text and 'value="01/09/2026"' in response.text
    assert "Start: This overlaps" in response.text
    bad_date = client.post(url, {**data, "start_on": "31/02/2026"})
    assert bad_date.status_code == 400 and "start_on" in bad_date.context["form"].errors
    assert 'value="31/02/2026"' in bad_date.text
    assert ManagementPeriod.objects.count() == 1


def test_extend_end_and_renew_forms(today, client_for, officer_a, person_a):
    today(D(2027, 1, 20))
    period = open_period(officer_a, person_a, start_on=D(2026, 8, 15))
    client = client_for(officer_a)
    base = f"/people/{person_a.pk}/periods/{period.pk}"
    assert client.get(f"{base}/extend/").status_code == 200
    refused = client.post(f"{base}/extend/", {"extended_to": "01/08/2027"})
    assert refused.status_code == 400 and "extension_reason" in refused.context["form"].errors
    ok = client.post(
        f"{base}/extend/", {"extended_to": "01/10/2027", "extension_reason": "Theo đề nghị"}
    )
    assert ok.status_code == 302
    period.refresh_from_db()
    assert period.extended_to == D(2027, 10, 1)

    renew = client.post(
        f"{base}/renew/",
        {
            "decision_number": "40/QĐ-CAX",
            "decision_date": "15/01/2027",
            "decision_body": "Công an phường Ninh Kiều",
        },
    )
    assert renew.status_code == 302
    new = ManagementPeriod.objects.get(renews=period)
    assert new.planned_end_on == D(2028, 1, 14)

    end_page = client.get(f"/people/{person_a.pk}/periods/{new.pk}/end/")
    assert end_page.status_code == 200
    assert end_page.context["form"].initial["end_reason"] == "ended_early"
    done = client.post(
        f"/people/{person_a.pk}/periods/{new.pk}/end/",
        {"ended_on": "19/01/2027", "end_reason": "died"},
    )
    assert done.status_code == 302
    new.refresh_from_db()
    assert new.ended_on == D(2027, 1, 19)
    # A period that has ended cannot be ended again: the field says why.
    again = client.post(
        f"/people/{person_a.pk}/periods/{new.pk}/end/",
        {"ended_on": "19/01/2027", "end_reason": "died"},
    )
    assert (
        again.status_code == 400 and "already ended" in again.context["form"].errors["ended_on"][0]
    )


def test_a_period_is_reached_only_under_its_own_person(
    today, client_for, officer_a, person_a, units
):
    other = make_person(officer_a, units["a"], full_name="Người Khác")
    period = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    url = f"/people/{other.pk}/periods/{period.pk}/extend/"
    assert client_for(officer_a).get(url).status_code == 404


# ---- API ------------------------------------------------------------------------------------

API = "/api/v1/management-periods/"


def test_api_create_and_field_errors(today, client_for, officer_a, person_a, person_b):
    client = client_for(officer_a)
    body = {
        "person": person_a.pk,
        "kind": "user",
        "start_on": "2026-03-15",
        "decision_number": "15/QĐ-CAX",
        "decision_date": "2026-03-15",
        "decision_body": "Công an phường Ninh Kiều",
    }
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["planned_end_on"] == "2027-03-14" and data["law"] == Law.LAW_73_2021
    assert data["months"] == 12 and data["is_open"] is True and data["current_end"]
    overlap = client.post(
        API,
        {**body, "start_on": "2026-09-01", "decision_date": "2026-09-01"},
        content_type="application/json",
    )
    assert overlap.status_code == 400 and "start_on" in overlap.json()
    missing = client.post(API, {**body, "decision_number": ""}, content_type="application/json")
    assert missing.status_code == 400 and "decision_number" in missing.json()
    reason = client.post(
        API,
        {**body, "start_on": "2027-06-01", "decision_date": "2027-06-01", "months": 30},
        content_type="application/json",
    )
    assert reason.status_code == 400 and "months_reason" in reason.json()
    # Another commune's person is unknown here (the same answer as a person that does not exist).
    other = client.post(API, {**body, "person": person_b.pk}, content_type="application/json")
    assert other.status_code == 400 and "person" in other.json()
    assert ManagementPeriod.objects.count() == 1


def test_api_list_filters(today, client_for, officer_a, person_a, units):
    second = make_person(officer_a, units["a"], full_name="Phạm Văn Hai")
    a = open_period(officer_a, person_a, start_on=D(2026, 3, 15))
    services.period_end(actor=officer_a, period=a, ended_on=D(2026, 5, 1), end_reason="died")
    b = open_period(
        officer_a, second, start_on=D(2026, 3, 15), kind="post_rehab", basis="substitution"
    )
    client = client_for(officer_a)

    def ids(**params):
        return {row["id"] for row in client.get(API, params).json()["results"]}

    assert ids() == {a.pk, b.pk}
    assert ids(person=person_a.pk) == {a.pk}
    assert ids(kind="post_rehab") == {b.pk}
    assert ids(active="true") == {b.pk}
    assert ids(active="false") == {a.pk}
    assert ids(q="pham van hai") == {b.pk}


def test_api_list_query_count_is_constant(today, client_for, officer_a, units):
    client = client_for(officer_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(API)
        assert response.status_code == 200
        return response.json()["count"], len(ctx.captured_queries)

    for i in range(2):
        person = make_person(officer_a, units["a"], full_name=f"Người {i}")
        open_period(officer_a, person, start_on=D(2026, 3, 15))
    n, few = count()
    for i in range(2, 4):
        person = make_person(officer_a, units["a"], full_name=f"Người {i}")
        open_period(officer_a, person, start_on=D(2026, 3, 15))
    two_n, many = count()
    assert (n, two_n) == (2, 4) and few == many


def test_api_extend_end_and_renew(today, client_for, officer_a, person_a):
    period = open_period(officer_a, person_a, start_on=D(2026, 8, 15))
    client = client_for(officer_a)
    url = f"{API}{period.pk}/"
    assert client.get(url).json()["planned_end_on"] == "2027-08-14"
    refused = client.post(
        f"{url}extend/",
        {"extended_to": "2027-08-01", "extension_reason": ""},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert {"extended_to", "extension_reason"} <= set(refused.json())
    extended = client.post(
        f"{url}extend/",
        {"extended_to": "2027-12-31", "extension_reason": "Theo đề nghị"},
        content_type="application/json",
    )
    assert extended.status_code == 200 and extended.json()["current_end"] == "2027-12-31"
    renewed = client.post(
        f"{url}renew/",
        {**DECISION, "decision_date": "2027-02-01"},
        content_type="application/json",
    )
    assert renewed.status_code == 201
    new = renewed.json()
    assert new["renews"] == period.pk and new["planned_end_on"] == "2028-01-31"
    bad_end = client.post(
        f"{API}{new['id']}/end/",
        {"ended_on": "2027-01-01", "end_reason": "died"},
        content_type="application/json",
    )
    assert bad_end.status_code == 400 and "ended_on" in bad_end.json()
    ended = client.post(
        f"{API}{new['id']}/end/",
        {"ended_on": "2027-03-01", "end_reason": "moved_away"},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["is_open"] is False


def test_api_refuses_edits_and_other_communes(
    today, client_for, officer_a, officer_b, reader, person_a
):
    period = open_period(officer_a, person_a, start_on=D(2026, 8, 15))
    url = f"{API}{period.pk}/"
    client = client_for(officer_b)
    assert client.get(url).status_code == 404
    for action_name in ("extend", "end", "renew"):
        assert (
            client.post(f"{url}{action_name}/", {}, content_type="application/json").status_code
            == 404
        )
    assert client_for(reader).get(API).status_code == 404
