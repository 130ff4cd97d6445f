"""The public "Suggest a correction" form (issue 12): success, honeypot, flood, validation, drafts,
CSRF, and the editors' queue in the admin. Nothing a visitor sends is shown on the site."""

import logging

import pytest
from django.test import Client

from projects.models import Correction, CorrectionState, PublicationState
from tests.factories import make_venture

pytestmark = pytest.mark.django_db

GOOD = {
    "field": "partner",
    "field_detail": "The Chinese investor",
    "problem": "The investor named here sold its stake in 2019, unmarked-words-xyzzy.",
    "suggestion": "Name the new investor, Dandong Harbour Trading.",
    "source_url": "https://news.example.org/sale",
    "email": "reader@example.org",
}


def _url(venture):
    return f"/ventures/{venture.public_id}/correction/"


def test_the_venture_page_offers_the_form_with_csrf_and_a_hidden_honeypot(client, geo):
    venture = make_venture()
    page = client.get(f"/ventures/{venture.public_id}/").content.decode()
    assert f'action="{_url(venture)}"' in page and "Suggest a correction" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'class="hp-field" aria-hidden="true"' in page and 'name="website"' in page
    assert 'tabindex="-1"' in page


def test_a_suggestion_lands_in_the_queue_and_is_not_shown(client, geo):
    venture = make_venture()
    response = client.post(_url(venture), GOOD)
    assert response.status_code == 302 and response["Location"] == _url(venture) + "?sent=1"
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you" in thanks
    correction = Correction.objects.get()
    assert (correction.venture, correction.field, correction.state) == (
        venture,
        "partner",
        CorrectionState.OPEN,
    )
    assert correction.problem == GOOD["problem"] and correction.email == GOOD["email"]
    for path in (f"/ventures/{venture.public_id}/", f"/api/v1/ventures/{venture.public_id}/", "/sources/"):
        assert "xyzzy" not in client.get(path).content.decode()


def test_the_honeypot_answers_like_success_and_stores_nothing(client, geo, caplog):
    venture = make_venture()
    with caplog.at_level(logging.INFO, logger="projects.correction_views"):
        response = client.post(_url(venture), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"] == _url(venture) + "?sent=1"
    assert Correction.objects.count() == 0
    assert "honeypot" in caplog.text


def test_a_flood_is_refused_with_429_and_a_clear_message(client, geo, settings):
    settings.CORRECTION_THROTTLE_RATE = "3/hour"
    venture = make_venture()
    for _ in range(3):
        assert client.post(_url(venture), GOOD).status_code == 302
    refused = client.post(_url(venture), GOOD)
    assert refused.status_code == 429
    assert (
        "You have sent several suggestions in a short time; this one was not saved."
        in refused.content.decode()
    )
    assert Correction.objects.count() == 3
    # Another client has its own allowance.
    other = Client(REMOTE_ADDR="192.0.2.77")
    assert other.post(_url(venture), GOOD).status_code == 302
    assert Correction.objects.count() == 4


def test_honeypot_submissions_count_toward_the_flood(client, geo, settings):
    settings.CORRECTION_THROTTLE_RATE = "2/hour"
    venture = make_venture()
    for _ in range(2):
        client.post(_url(venture), {**GOOD, "website": "x"})
    assert client.post(_url(venture), GOOD).status_code == 429
    assert Correction.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"problem": ""}, "problem", "This field is required."),
        ({"field": "colour"}, "field", "Select a valid choice."),
        ({"source_url": "not a url"}, "source_url", "Enter a valid URL."),
        ({"email": "nobody"}, "email", "Enter a valid email address."),
        ({"suggestion": "x" * 2001}, "suggestion", "Ensure this value has at most 2000 characters"),
        ({"field_detail": "x" * 201}, "field_detail", "Ensure this value has at most 200 characters"),
    ],
)
def test_validation_errors_are_shown_in_the_form_and_nothing_is_stored(client, geo, change, field, message):
    venture = make_venture()
    response = client.post(_url(venture), {**GOOD, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'class="field-error"' in page
    assert 'value="https://news.example.org/sale"' in page or field == "source_url"  # the rest is kept
    assert Correction.objects.count() == 0


def test_an_invalid_submission_does_not_use_up_the_allowance(client, geo, settings):
    settings.CORRECTION_THROTTLE_RATE = "1/hour"
    venture = make_venture()
    client.post(_url(venture), {**GOOD, "problem": ""})
    assert client.post(_url(venture), GOOD).status_code == 302


def test_an_unpublished_or_unknown_venture_has_no_form(client, geo):
    draft = make_venture(name="Secret draft mine", state=PublicationState.DRAFT)
    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft), GOOD).status_code == 404
    assert client.get("/ventures/JV-9999/correction/").status_code == 404
    assert Correction.objects.count() == 0


def test_an_editor_viewing_a_draft_sees_no_correction_form(client, geo, editor):
    draft = make_venture(name="Secret draft mine", state=PublicationState.DRAFT)
    client.force_login(editor)
    page = client.get(f"/ventures/{draft.public_id}/").content.decode()
    assert "suggest-correction" not in page


def test_a_post_without_the_csrf_token_is_refused(geo):
    venture = make_venture()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_url(venture), GOOD).status_code == 403
    assert Correction.objects.count() == 0


def test_editors_see_the_queue_and_decide_in_the_admin(client, geo, editor):
    venture = make_venture()
    client.post(_url(venture), GOOD)
    correction = Correction.objects.get()
    client.force_login(editor)
    queue = client.get("/admin/projects/correction/")
    assert queue.status_code == 200 and venture.public_id in queue.content.decode()
    change_url = f"/admin/projects/correction/{correction.pk}/change/"
    page = client.get(change_url).content.decode()
    assert f"/admin/projects/venture/{venture.pk}/change/" in page and "unmarked-words-xyzzy" in page
    response = client.post(
        change_url, {"state": "accepted", "editor_note": "Stake corrected with the source."}
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.state == CorrectionState.ACCEPTED and correction.handled_by == editor
    assert (
        correction.handled_at is not None and correction.problem == GOOD["problem"]
    )  # the visitor's words stay
    assert client.get("/admin/projects/correction/add/").status_code == 403
