from registry.models import Person

from ..factories import make_person
from ..jurisdiction import JurisdictionSuite


class TestPersonJurisdiction(JurisdictionSuite):
    model = Person
    list_url = "/people/"
    detail_url = "/people/{pk}/"
    edit_url = "/people/{pk}/edit/"
    extra_detail_urls = ("/people/{pk}/dossier.pdf",)
    export_url = "/people/export.xlsx"
    api_list_url = "/api/v1/persons/"
    api_detail_url = "/api/v1/persons/{pk}/"

    def make_record(self, actor, commune):
        name = "Nguyễn Văn Ánh" if commune.code == "31135" else "Hồ Thị Đào"
        return make_person(actor, commune, full_name=name, sex="M")

    def search_text(self, record):
        return record.full_name_folded

    def label(self, record):
        return record.full_name
