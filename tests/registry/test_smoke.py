def test_person_list_in_scope(client_for, officer_a, person_a, person_b):
    response = client_for(officer_a).get("/people/")
    assert response.status_code == 200
    assert person_a.full_name in response.text
    assert person_b.full_name not in response.text
