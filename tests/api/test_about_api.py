def test_every_public_event_is_named_and_suite_info_is_one_of_them(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert "/suite_info" in endpoints


def test_suite_info_reports_the_profile_and_the_tabs(client):
    info = client.predict(api_name="/suite_info")
    assert info["profile"] == "embedded"
    assert [tab["tab"] for tab in info["tabs"]][0] == "About"
    assert isinstance(info["generations_recorded"], int)
