"""/feeds/ventures.atom: a view's new published ventures and status entries, through the one FilterSet."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.http import QueryDict

from projects.models import PublicationState, Sector, SourceArticle, Status
from projects.selectors.follow import followed_entries, followed_view
from tests.factories import SourceArticleFactory, make_venture
from tests.follow.conftest import add_status, published_long_ago

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict]:
    root = ET.fromstring(response.content)
    found = []
    for entry in root.findall(f"{ATOM}entry"):
        links = {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")}
        found.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "id": entry.findtext(f"{ATOM}id"),
                "link": links.get("alternate"),
                "source": links.get("related"),
                "summary": entry.findtext(f"{ATOM}summary"),
                "updated": entry.findtext(f"{ATOM}updated"),
            }
        )
    return found


@pytest.fixture
def views(geo):
    """An old mine with a new status step, an old farm with one, a new mine, and a draft with a step."""
    mine = published_long_ago(make_venture(name="Musan iron mine", sector=Sector.MINE, province_code="KP-09"))
    farm = published_long_ago(
        make_venture(name="Hamju farm", sector=Sector.AGRICULTURE, province_code="KP-08")
    )
    draft = make_venture(name="Secret draft mine", state=PublicationState.DRAFT)
    step = add_status(mine, note="Second shaft opened.")
    farm_step = add_status(farm, status=Status.SUSPENDED)
    draft_step = add_status(draft)
    new_mine = make_venture(name="Uiju copper mine", sector=Sector.MINE, province_code="KP-03")
    return {
        "mine": mine,
        "farm": farm,
        "draft": draft,
        "step": step,
        "farm_step": farm_step,
        "draft_step": draft_step,
        "new_mine": new_mine,
    }


def test_a_feed_has_the_matching_ventures_and_status_entries_newest_first(client, views):
    response = client.get("/feeds/ventures.atom?sector=mine")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    found = entries(response)
    # The new mine's publication, the old mine's new step, the old mine's publication (a month ago).
    assert [e["title"] for e in found] == [
        "New venture: Uiju copper mine",
        "Musan iron mine: Expanding (2025-09-20)",
        "New venture: Musan iron mine",
    ]
    text = response.content.decode()
    assert "Hamju farm" not in text and "Secret draft" not in text
    step, mine, new_mine = views["step"], views["mine"], views["new_mine"]
    assert found[0]["link"] == f"http://testserver/ventures/{new_mine.public_id}/"
    assert found[1]["link"] == f"http://testserver/ventures/{mine.public_id}/"
    assert found[1]["id"] == f"tag:testserver,2026:status-entry:{step.pk}"
    assert found[1]["source"] == step.source.url  # the status entry's own source
    assert "Second shaft opened." in found[1]["summary"]
    assert found[0]["source"] == new_mine.status_entries.get().source.url  # the venture's latest source
    assert "Mine" in found[0]["summary"] and "North Pyongan" in found[0]["summary"]


def test_the_whole_feed_never_shows_a_draft_nor_its_status_entries(client, views):
    found = entries(client.get("/feeds/ventures.atom"))

    titles = [e["title"] for e in found]
    assert "Hamju farm: Suspended (2025-09-20)" in titles
    assert len(found) == 5  # 3 publications, 2 steps
    assert not any("Secret draft" in title for title in titles)
    assert f"status-entry:{views['draft_step'].pk}" not in {e["id"].rsplit(",2026:", 1)[1] for e in found}


def test_the_feed_follows_other_filters_too(client, views):
    found = entries(client.get("/feeds/ventures.atom?province=KP-08&status=suspended"))
    assert [e["title"] for e in found] == ["Hamju farm: Suspended (2025-09-20)", "New venture: Hamju farm"]
    assert entries(client.get("/feeds/ventures.atom?q=nothing-like-this")) == []


def test_a_source_without_a_url_is_named_by_its_citation(client, geo):
    paper = SourceArticle.objects.create(
        title="", citation="Rodong Sinmun, 3 March 2025, p. 2", publisher="Rodong Sinmun", url=None
    )
    make_venture(name="Paper-only venture", source=paper)

    (entry,) = entries(client.get("/feeds/ventures.atom"))
    assert entry["source"] is None
    assert "Source (not online): Rodong Sinmun, 3 March 2025, p. 2" in entry["summary"]


def test_user_text_is_escaped_in_the_feed(client, geo):
    make_venture(name="Mine <script>alert(1)</script> & Co")
    response = client.get("/feeds/ventures.atom")
    assert b"<script>" not in response.content
    (entry,) = entries(response)
    assert entry["title"] == "New venture: Mine <script>alert(1)</script> & Co"  # as text, once parsed


@pytest.mark.parametrize(
    ("query", "named", "says"),
    [
        ("sector=nope", "sector", "is not allowed"),
        ("status_after=yesterday", "status_after", "YYYY-MM-DD"),
        ("ordering=name", "ordering", "leave ordering out"),
        ("colour=red", "colour", "Unknown parameter"),
        ("status_after=2025-02-01&status_before=2025-01-01", "status_before", "inverted"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(client, geo, query, named, says):
    response = client.get(f"/feeds/ventures.atom?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert f"{named}: " in body and says in body


def test_the_feed_id_is_the_same_for_two_spellings_of_one_view_and_answers_304(client, views):
    one = client.get("/feeds/ventures.atom?sector=mine&province=KP-09&province=KP-03")
    other = client.get("/feeds/ventures.atom?province=KP-03&sector=mine&province=KP-09&province=KP-03")
    feed_id = ET.fromstring(one.content).findtext(f"{ATOM}id")
    assert feed_id == "tag:testserver,2026:feeds/ventures?province=KP-03&province=KP-09&sector=mine"
    assert ET.fromstring(other.content).findtext(f"{ATOM}id") == feed_id
    assert one.content == other.content
    assert set(one["Cache-Control"].split(", ")) == {"public", "max-age=0", "must-revalidate"}
    assert "Cookie" in one["Vary"]
    assert one["Last-Modified"]
    updated = ET.fromstring(one.content).findtext(f"{ATOM}updated")
    assert updated == entries(one)[0]["updated"]  # the newest entry's time

    again = client.get(
        "/feeds/ventures.atom?sector=mine&province=KP-09&province=KP-03", HTTP_IF_NONE_MATCH=one["ETag"]
    )
    assert again.status_code == 304
    assert again.content == b""

    published_long_ago(views["new_mine"])
    add_status(views["new_mine"], status=Status.EXPANDING)  # a change of its own
    changed = client.get(
        "/feeds/ventures.atom?sector=mine&province=KP-09&province=KP-03", HTTP_IF_NONE_MATCH=one["ETag"]
    )
    assert changed.status_code == 200
    assert entries(changed)[0]["title"] == "Uiju copper mine: Expanding (2025-09-20)"


def test_an_empty_feed_is_stable(client, geo):
    one, two = client.get("/feeds/ventures.atom"), client.get("/feeds/ventures.atom")
    assert one.status_code == 200 and one.content == two.content and one["ETag"] == two["ETag"]


def test_signed_in_the_feed_is_still_the_public_one_and_private(client, editor, views):
    client.force_login(editor)
    response = client.get("/feeds/ventures.atom")
    assert "Secret draft" not in response.content.decode()
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_feed_is_bounded(geo):
    for n in range(4):
        make_venture(name=f"Venture {n}", source=SourceArticleFactory())
    view = followed_view(QueryDict(""))
    assert [e.venture.name for e in followed_entries(view, limit=3)] == [
        "Venture 3",
        "Venture 2",
        "Venture 1",
    ]


def test_steps_recorded_with_the_publication_are_told_by_the_venture_entry(client, geo):
    venture = make_venture(name="Sinuiju shoe factory", sector=Sector.MANUFACTURING)
    add_status(venture, status=Status.EXPANDING, date=datetime.date(2025, 9, 25))  # minutes later
    assert [e["title"] for e in entries(client.get("/feeds/ventures.atom"))] == [
        "New venture: Sinuiju shoe factory"
    ]


def test_the_feed_answers_in_the_language_of_its_prefix_too(client, views):
    response = client.get("/ko/feeds/ventures.atom?sector=mine")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert len(entries(response)) == 3
    assert entries(response)[0]["link"].startswith("http://testserver/ko/ventures/")
