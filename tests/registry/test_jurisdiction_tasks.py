import datetime

from django.utils import timezone

from registry import services
from registry.models import Task

from ..factories import make_person
from ..jurisdiction import JurisdictionSuite


class TestTaskJurisdiction(JurisdictionSuite):
    """Tasks live under a person; their list is the due list."""

    model = Task
    list_url = "/people/due/?who=all"
    detail_url = "/people/tasks/{pk}/"
    api_list_url = "/api/v1/tasks/"
    api_detail_url = "/api/v1/tasks/{pk}/"

    def make_record(self, actor, commune):
        title = "Việc xã A" if commune.code == "31135" else "Việc xã B"
        person = make_person(actor, commune, full_name=title + " người", national_id="")
        return services.task_create(
            actor=actor,
            title=title,
            person=person,
            due_on=timezone.localdate() + datetime.timedelta(days=2),
        )

    def search_text(self, record):
        return record.title

    def label(self, record):
        return record.title

    def test_list_and_search_hide_other_commune(self, client_for, officer_a, record_a, record_b):
        page = client_for(officer_a).get(self.list_url).text
        assert record_a.title in page and record_b.title not in page

    def test_api_list_and_search_hide_other_commune(
        self, client_for, officer_a, record_a, record_b
    ):
        ids = {r["id"] for r in client_for(officer_a).get(self.api_list_url).json()["results"]}
        assert record_a.pk in ids and record_b.pk not in ids
        due = client_for(officer_a).get("/api/v1/due/", {"who": "all"}).json()["results"]
        keys = {row["key"] for row in due}
        assert f"task:{record_a.pk}" in keys and f"task:{record_b.pk}" not in keys

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 200
        assert client.get(self.api_detail_url.format(pk=record_b.pk)).status_code == 404
        close = f"/api/v1/tasks/{record_b.pk}/close/"
        assert (
            client.post(close, {"result": "x"}, content_type="application/json").status_code == 404
        )
