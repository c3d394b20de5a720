"""The database going away mid-referral: the friendly error page, and the draft kept."""

from django.db import OperationalError, connection
from django.test import Client

from tests.referral_form.wizard_helpers import VALID_ANSWERS, step_path, walk_to


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_database_down_gives_the_friendly_page_and_keeps_the_draft(db, site):
    client = Client(raise_request_exception=False)
    walk_to(client, "what-happened")
    with connection.execute_wrapper(refuse_every_query):
        response = client.post(step_path("what-happened"), VALID_ANSWERS["what-happened"])
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page, page[:500]
    assert "OperationalError" not in page and "Traceback" not in page

    # Back up: the answers given before the outage are all there.
    about_you = client.get(step_path("about-you")).content.decode()
    assert VALID_ANSWERS["about-you"]["agency"] in about_you
    person = client.get(step_path("person-at-risk")).content.decode()
    assert VALID_ANSWERS["person-at-risk"]["address"] in person
    assert client.post(step_path("what-happened"),
                       VALID_ANSWERS["what-happened"]).status_code == 302
