"""The review step (issue #11 item 13): editors mark drafts ready, reviewers have a queue showing what
changed since the last published version, and nobody is offered a button their role cannot use."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from projects.models import (
    Citation,
    FetchStatus,
    Place,
    PublicationState,
    ReviewState,
    SourceArticle,
    Venture,
)
from projects.selectors.review import changes_since_published, review_queue
from projects.services.review import venture_request_review, venture_send_back
from projects.services.sources import suggestions_refresh
from projects.services.ventures import venture_set_publication_state, venture_update
from tests.admin_forms import admin_url
from tests.factories import make_venture

pytestmark = pytest.mark.usefixtures("geo")
QUEUE = reverse("admin:projects_venture_review")
SEED = Path(__file__).resolve().parents[1] / "projects" / "data" / "seed_article.txt"


@pytest.fixture
def draft():
    return make_venture(name="Sinuiju cosmetics joint venture", state=PublicationState.DRAFT)


def _action(client, action, *ventures):
    return client.post(
        admin_url("venture", "changelist"),
        {"action": action, "_selected_action": [v.pk for v in ventures]},
        follow=True,
    )


# --- The state and its services -------------------------------------------------------------------------


def test_an_editor_marks_a_draft_ready_for_review_from_the_changelist(editor_client, editor, draft):
    response = _action(editor_client, "request_review_selected", draft)

    assert response.status_code == 200
    assert "1 venture(s) marked ready for review." in response.content.decode()
    draft.refresh_from_db()
    assert draft.review_state == ReviewState.READY
    assert draft.review_requested_at is not None
    assert draft.publication_state == PublicationState.DRAFT  # the API's values do not change
    assert draft.history.first().history_user == editor


def test_a_draft_without_a_citation_cannot_go_to_review(editor):
    bare = make_venture(name="Uncited mine", state=PublicationState.DRAFT, status=None)

    with pytest.raises(ValidationError, match="cites no article"):
        venture_request_review(venture=bare, user=editor)


def test_publishing_clears_the_review_state_and_sending_back_needs_a_reviewer_and_a_note(
    editor, reviewer, draft
):
    venture_request_review(venture=draft, user=editor)
    with pytest.raises(PermissionDenied):
        venture_send_back(venture=Venture.objects.get(pk=draft.pk), user=editor, note="No.")
    with pytest.raises(ValidationError):
        venture_send_back(venture=Venture.objects.get(pk=draft.pk), user=reviewer, note="  ")

    sent_back = venture_send_back(
        venture=Venture.objects.get(pk=draft.pk), user=reviewer, note="Cite the date."
    )
    assert (sent_back.review_state, sent_back.review_note) == (
        ReviewState.CHANGES_REQUESTED,
        "Cite the date.",
    )

    venture_request_review(venture=Venture.objects.get(pk=draft.pk), user=editor)
    published = venture_set_publication_state(
        venture=Venture.objects.get(pk=draft.pk), user=reviewer, state=PublicationState.PUBLISHED
    )
    assert (published.review_state, published.review_note, published.review_requested_at) == ("", "", None)


# --- The queue ----------------------------------------------------------------------------------------------


def test_the_queue_shows_what_changed_since_the_last_published_version(reviewer, editor):
    venture = make_venture(name="Musan iron ore joint venture", state=PublicationState.PUBLISHED)
    venture_set_publication_state(venture=venture, user=reviewer, state=PublicationState.DRAFT)
    venture = venture_update(
        venture=Venture.objects.get(pk=venture.pk), user=editor, description="Ore now goes to Nanping."
    )
    venture_request_review(venture=venture, user=editor)

    item = changes_since_published(Venture.objects.get(pk=venture.pk))

    assert not item.never_published
    assert [(c.label, c.old, c.new) for c in item.changes] == [
        ("description", "—", "Ore now goes to Nanping.")
    ]
    assert item.part_changes == {}


def test_a_never_published_draft_shows_everything_as_new(editor, draft):
    venture_request_review(venture=draft, user=editor)

    item = changes_since_published(Venture.objects.get(pk=draft.pk))

    assert item.never_published
    assert ("name", "—", "Sinuiju cosmetics joint venture") in [(c.label, c.old, c.new) for c in item.changes]
    assert item.part_changes == {"partners": 1, "status entries": 1, "citations": 1}


def test_the_reviewer_sees_the_queue_page_with_the_diff_and_publishes_from_it(reviewer_client, editor, draft):
    venture_request_review(venture=draft, user=editor)
    listed = reviewer_client.get(admin_url("venture", "changelist"))
    assert "Review queue (1)" in listed.content.decode()

    page = reviewer_client.get(QUEUE)

    body = page.content.decode()
    assert page.status_code == 200
    assert f"{draft.public_id} Sinuiju cosmetics joint venture" in body
    assert "Never published" in body
    assert 'value="publish"' in body
    response = reviewer_client.post(QUEUE, {"venture": draft.pk, "decision": "publish"}, follow=True)
    assert f"{draft.public_id} published." in response.content.decode()
    draft.refresh_from_db()
    assert draft.publication_state == PublicationState.PUBLISHED
    assert "Nothing awaits review." in reviewer_client.get(QUEUE).content.decode()


def test_the_reviewer_sends_a_draft_back_with_a_note(reviewer_client, editor, draft):
    venture_request_review(venture=draft, user=editor)

    reviewer_client.post(QUEUE, {"venture": draft.pk, "decision": "send_back", "note": "Which year?"})

    draft.refresh_from_db()
    assert (draft.review_state, draft.review_note) == (ReviewState.CHANGES_REQUESTED, "Which year?")


def test_the_changelist_filters_what_awaits_review(reviewer_client, editor, draft):
    other = make_venture(name="Other draft", state=PublicationState.DRAFT)
    venture_request_review(venture=draft, user=editor)

    response = reviewer_client.get(admin_url("venture", "changelist"), {"review_state": ReviewState.READY})

    assert [v.pk for v in response.context["cl"].result_list] == [draft.pk]
    assert other.pk not in [v.pk for v in response.context["cl"].result_list]


def test_editors_see_the_queue_without_the_buttons_and_cannot_post_decisions(editor_client, editor, draft):
    venture_request_review(venture=draft, user=editor)

    body = editor_client.get(QUEUE).content.decode()
    refused = editor_client.post(QUEUE, {"venture": draft.pk, "decision": "publish"})

    assert draft.public_id in body
    assert 'value="publish"' not in body
    assert refused.status_code == 403
    draft.refresh_from_db()
    assert draft.publication_state == PublicationState.DRAFT


def test_editors_are_not_offered_publish_actions(editor_client):
    actions = editor_client.get(admin_url("venture", "changelist")).context["action_form"].fields["action"]

    names = [name for name, _ in actions.choices]
    assert "request_review_selected" in names
    assert "publish_selected" not in names and "unpublish_selected" not in names


def test_the_queue_is_bounded(reviewer, editor):
    for n in range(3):
        venture_request_review(venture=make_venture(name=f"Draft {n}", state="draft"), user=editor)

    assert len(review_queue(user=reviewer, limit=2)) == 2


def test_the_queue_answers_a_bad_venture_id_with_404(reviewer_client):
    assert (
        reviewer_client.post(QUEUE, {"venture": "99999999999999999999", "decision": "publish"}).status_code
        == 404
    )


# --- Attach buttons in triage ----------------------------------------------------------------------------


@pytest.fixture
def article_with_candidates():
    uiju = Place.objects.get(name_en="Uiju")
    published = make_venture(name="Uiju published mine", state=PublicationState.PUBLISHED, place=uiju)
    draft = make_venture(name="Uiju draft mine", state=PublicationState.DRAFT, place=uiju)
    source = SourceArticle.objects.create(
        url="https://news.example.org/uiju-ventures",
        title="Ventures around Uiju",
        text=SEED.read_text(encoding="utf-8"),
        fetch_status=FetchStatus.FETCHED,
    )
    suggestions_refresh(source=source)
    ids = {c["id"] for c in source.suggestions.data["candidate_ventures"]}
    assert {published.pk, draft.pk} <= ids, "both ventures are candidates of the article"
    return source, published, draft


def _attach_buttons(client, source) -> int:
    body = client.get(reverse("admin:projects_triagearticle_change", args=[source.pk])).content.decode()
    table = body.split("attach the article</h2>")[1].split("</table>")[0]
    return table.count(">Attach</button>")


def test_editors_get_attach_buttons_only_for_the_ventures_they_may_change(
    editor, reviewer, article_with_candidates
):
    source, _published, _draft = article_with_candidates
    editor_client, reviewer_client = Client(), Client()
    editor_client.force_login(editor)
    reviewer_client.force_login(reviewer)

    assert _attach_buttons(editor_client, source) == 1
    assert (
        "published: a reviewer attaches to it"
        in editor_client.get(
            reverse("admin:projects_triagearticle_change", args=[source.pk])
        ).content.decode()
    )
    assert _attach_buttons(reviewer_client, source) == 2
    assert not Citation.objects.filter(source=source).exists()
