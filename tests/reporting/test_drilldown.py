"""Each people figure lists the persons behind it, cut to the viewer's jurisdiction."""

import pytest

from ..factories import make_person
from ..registry.moving import transfer
from .helpers import TODAY, past_period, ready_report

pytestmark = pytest.mark.django_db


def _count(client, report, code):
    response = client.get(f"/reports/{report.pk}/people/{code}/")
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_the_list_equals_the_figure(client_for, officer_a, units):
    period = past_period()
    for i in range(3):
        make_person(
            officer_a,
            units["a"],
            registered_on=period.starts_on,
            category="addicted",
            birth_year=1980 + i,
        )
    make_person(officer_a, units["a"], registered_on=period.starts_on, birth_year=1999)
    report = ready_report(officer_a, period)
    client = client_for(officer_a)
    assert report.figures["totals"]["people_addicted"] == 3
    assert _count(client, report, "people_addicted") == 3
    assert _count(client, report, "people_total") == 4
    assert (
        f'href="/reports/{report.pk}/people/people_addicted/"'
        in client.get(f"/reports/{report.pk}/").text
    )


def test_the_list_is_cut_to_the_viewer(client_for, officer_a, pc04, units):
    period = past_period()
    person = make_person(officer_a, units["a"], registered_on=period.starts_on)
    transfer(officer_a, person, to_unit=units["b"], days_ago=(TODAY - period.ends_on).days - 2)
    report = ready_report(officer_a, period)
    assert report.figures["totals"]["people_total"] == 1
    assert _count(client_for(officer_a), report, "people_total") == 0  # now in commune B
    assert _count(client_for(pc04), report, "people_total") == 1


def test_no_drilldown_for_readers_other_communes_or_unknown_codes(
    client_for, officer_a, officer_b, reader, units
):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    report = ready_report(officer_a, period)
    assert client_for(reader).get(f"/reports/{report.pk}/people/people_total/").status_code == 404
    assert (
        client_for(officer_b).get(f"/reports/{report.pk}/people/people_total/").status_code == 404
    )
    client = client_for(officer_a)
    assert client.get(f"/reports/{report.pk}/people/tests_total/").status_code == 404
    assert client.get(f"/reports/{report.pk}/people/nothing/").status_code == 404
