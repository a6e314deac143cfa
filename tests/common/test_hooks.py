"""The hooks through which higher apps add grants, menu entries and person-page sections
without the lower apps importing them."""

import pytest

from accounts import scoping
from accounts.scoping import Access, Grant, grant_for, register_grants
from common import nav
from registry import sections


@pytest.fixture
def clean_registries(monkeypatch):
    monkeypatch.setattr(
        scoping, "ROLE_GRANTS", {role: dict(g) for role, g in scoping.ROLE_GRANTS.items()}
    )
    monkeypatch.setattr(
        scoping, "SECTOR_GRANTS", {key: dict(g) for key, g in scoping.SECTOR_GRANTS.items()}
    )
    monkeypatch.setattr(nav, "_ITEMS", {})
    monkeypatch.setattr(sections, "_SECTIONS", dict(sections._SECTIONS))


def test_registered_grants_apply_to_their_record_type_only(clean_registries, officer_a, health):
    assert grant_for(officer_a, "widget").access == Access.NONE
    register_grants(
        "widget",
        {"commune_officer": Grant(Access.READ)},
        {("department", "health"): Grant(Access.WRITE)},
    )
    assert grant_for(officer_a, "widget").access == Access.READ
    assert grant_for(health, "widget").access == Access.WRITE
    # The person grants are untouched.
    assert grant_for(officer_a, "person").access == Access.WRITE


def test_roles_left_out_get_no_grant(clean_registries, reader):
    register_grants("widget", {"commune_officer": Grant(Access.READ)})
    assert grant_for(reader, "widget").access == Access.NONE


def test_menu_shows_only_entries_the_user_may_open(clean_registries, client_for, officer_a):
    nav.register_nav_item("b", "Mục B", "home", visible=lambda user: True, order=2)
    nav.register_nav_item("a", "Mục A", "home", visible=lambda user: True, order=1)
    nav.register_nav_item("hidden", "Mục ẩn", "home", visible=lambda user: False)
    assert [item["key"] for item in nav.nav_items(officer_a)] == ["a", "b"]
    page = client_for(officer_a).get("/").text
    assert "Mục A" in page and "Mục B" in page and "Mục ẩn" not in page


def test_menu_groups_open_under_one_heading(clean_registries, client_for, officer_a):
    nav.register_nav_item("x1", "Mục X1", "home", visible=lambda user: True, order=1, group="area")
    nav.register_nav_item("x2", "Mục X2", "home", visible=lambda user: True, order=2, group="area")
    nav.register_nav_item("c1", "Mục C1", "home", visible=lambda user: True, order=3, group="care")
    nav.register_nav_item("c2", "Mục C2", "home", visible=lambda user: False, group="care")
    entries = nav.nav_items(officer_a)
    # Two visible entries make a group; a group left with one entry is that entry alone.
    assert [entry["key"] for entry in entries] == ["area", "c1"]
    assert [child["key"] for child in entries[0]["children"]] == ["x1", "x2"]
    page = client_for(officer_a).get("/").text
    assert '<details class="nav-group"><summary>' in page and "Mục X2" in page
    with pytest.raises(ValueError):
        nav.register_nav_item("bad", "Mục", "home", visible=lambda user: True, group="nope")


def test_person_page_shows_registered_sections(
    clean_registries, client_for, officer_a, person_a, settings, tmp_path
):
    (tmp_path / "widget_section.html").write_text("<h2>Widgets of {{ section.name }}</h2>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    seen = []

    def context(*, user, person, can_write):
        seen.append((user, person, can_write))
        return {"name": person.full_name}

    sections.register_person_section("widgets", "widget_section.html", context)
    sections.register_person_section("hidden", "widget_section.html", lambda **kw: None)
    page = client_for(officer_a).get(person_a.get_absolute_url()).text
    assert page.count(f"Widgets of {person_a.full_name}") == 1
    assert seen == [(officer_a, person_a, True)]
