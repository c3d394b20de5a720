import pytest


@pytest.mark.django_db
def test_home_page_is_served_with_exit_control_and_emergency_notice(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/exit/"' in html
    assert "call 999" in html
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/refer/", "/check-criteria/", "/admin/login/"])
def test_pages_that_post_forms_send_no_referrer_to_other_sites_but_keep_csrf_working(
        client, home_page, path):
    # 'no-referrer' would make browsers send 'Origin: null' on posts, which CSRF refuses.
    assert client.get(path).headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_exit_clears_the_session_and_goes_to_the_neutral_site(client, home_page):
    session = client.session
    session["anything"] = "kept"
    session.save()
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == "https://www.bbc.co.uk/weather"
    assert "anything" not in client.session
