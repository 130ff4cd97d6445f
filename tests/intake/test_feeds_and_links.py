"""Feeds: new matching items become queued sources, once. Link checks flag dead links, copies stay."""

import datetime

from django.utils import timezone

from projects.models import Feed, FeedItem, FetchStatus, LinkStatus, SourceArticle
from projects.services.feeds import content_hash, matches_rules
from projects.services.sources import source_fetch
from projects.tasks import check_links, poll_feeds
from tests.factories import make_venture


def _feed(site, keywords="joint venture\nnorth korea mine"):
    return Feed.objects.create(name="Border Report", url=site.url("/feed.xml"), keywords=keywords)


def test_a_poll_queues_new_matching_items_once(geo, site, django_capture_on_commit_callbacks):
    feed = _feed(site)

    with django_capture_on_commit_callbacks(execute=True):
        result = poll_feeds.delay().get()[feed.pk]

    assert result["items"] == 4
    assert result["queued"] == 2  # the good article and the farm
    assert result["duplicates"] == 1  # the farm again under another URL (same content hash)
    assert result["not_matching"] == 1  # football
    sources = SourceArticle.objects.order_by("url")
    assert [s.url for s in sources] == [site.url("/farm"), site.url("/good")]  # tracking params dropped
    assert all(s.fetch_status == FetchStatus.FETCHED for s in sources)
    copy = FeedItem.objects.get(url=site.url("/farm-copy"))
    assert copy.source == SourceArticle.objects.get(url=site.url("/farm"))
    assert FeedItem.objects.get(url=site.url("/football")).matched is False
    feed.refresh_from_db()
    assert feed.last_polled_at is not None
    assert feed.last_error == ""

    # The next poll sees the same items: nothing new, nothing lost, nothing fetched twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = poll_feeds.delay().get()[feed.pk]
    assert again["new"] == 0
    assert SourceArticle.objects.count() == 2
    assert FeedItem.objects.count() == 4
    assert site.hits["/good"] == 1


def test_an_item_already_submitted_by_hand_is_not_added_again(geo, site, django_capture_on_commit_callbacks):
    existing = SourceArticle.objects.create(url=site.url("/good"), fetch_status=FetchStatus.MANUAL)
    feed = _feed(site)

    with django_capture_on_commit_callbacks(execute=True):
        poll_feeds.delay()

    assert FeedItem.objects.get(feed=feed, url=site.url("/good")).source == existing
    assert SourceArticle.objects.filter(url=site.url("/good")).count() == 1


def test_a_broken_feed_records_its_error_and_others_still_poll(geo, site, django_capture_on_commit_callbacks):
    broken = Feed.objects.create(name="Gone", url=site.url("/missing-feed.xml"))
    working = _feed(site)

    with django_capture_on_commit_callbacks(execute=True):
        results = poll_feeds.delay().get()

    broken.refresh_from_db()
    assert "HTTP 404" in broken.last_error
    assert results[working.pk]["queued"] == 2


def test_an_inactive_feed_is_not_polled(db, site):
    Feed.objects.create(name="Off", url=site.url("/feed.xml"), active=False)
    assert poll_feeds.delay().get() == {}
    assert site.hits == {}


def test_keyword_rules_need_every_word_of_one_line():
    rules = [["joint", "venture"], ["mine"]]
    assert matches_rules(rules, "A Joint Venture in Uiju")
    assert matches_rules(rules, "The mine reopened")
    assert not matches_rules(rules, "A joint statement")
    assert matches_rules([], "anything")


def test_content_hash_ignores_markup_case_and_spacing():
    assert content_hash("Farm opens", "<p>In  Songchon</p>") == content_hash("farm opens", "in songchon")


def test_link_checks_flag_dead_links_and_keep_the_retrieved_copy(geo, site):
    source = SourceArticle.objects.create(url=site.url("/changing"), fetch_status=FetchStatus.QUEUED)
    source_fetch(source=source)
    make_venture(source=source)
    uncited = SourceArticle.objects.create(url=site.url("/uncited-gone"))
    site.pages.pop("/changing")  # the page disappears…
    SourceArticle.objects.filter(pk=source.pk).update(  # …and a week later the link is due a check
        link_checked_at=timezone.now() - datetime.timedelta(days=8)
    )

    assert check_links.delay().get() == {LinkStatus.DEAD: 1}

    source.refresh_from_db()
    assert source.link_status == LinkStatus.DEAD
    assert source.link_checked_at is not None
    assert source.snapshots.count() == 1  # the copy stays for editors
    assert source.fetch_status == FetchStatus.FETCHED
    uncited.refresh_from_db()
    assert uncited.link_status == LinkStatus.UNCHECKED  # only cited sources are checked


def test_a_live_link_is_marked_ok_and_not_rechecked_until_due(geo, site):
    source = SourceArticle.objects.create(url=site.url("/good"))
    make_venture(source=source)

    assert check_links.delay().get() == {LinkStatus.OK: 1}
    assert check_links.delay().get() == {}  # checked recently

    SourceArticle.objects.filter(pk=source.pk).update(
        link_checked_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert check_links.delay().get() == {LinkStatus.OK: 1}


def test_a_server_error_says_nothing_about_the_link(geo, site):
    source = SourceArticle.objects.create(url=site.url("/error"), link_status=LinkStatus.OK)
    make_venture(source=source)

    check_links.delay()

    source.refresh_from_db()
    assert source.link_status == LinkStatus.OK


def test_editors_register_a_feed_and_poll_it_from_the_admin(
    editor_client, geo, site, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    response = editor_client.post(
        reverse("admin:projects_feed_add"),
        {
            "name": "Border Report",
            "url": site.url("/feed.xml"),
            "keywords": "joint venture",
            "active": "on",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    feed = Feed.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:projects_feed_changelist"),
            {"action": "poll_now", "_selected_action": [feed.pk]},
        )

    assert SourceArticle.objects.count() == 2
    queue = editor_client.get(reverse("admin:projects_triagearticle_changelist") + "?triage=new")
    assert "Chinese investors restart mine in Uiju" in queue.content.decode()


def test_one_bad_item_is_skipped_and_reported_while_the_good_ones_are_taken_in(
    geo, site, editor_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    feed = Feed.objects.create(
        name="Border Report", url=site.url("/feed_bad_item.xml"), keywords="joint venture"
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = poll_feeds.delay().get()[feed.pk]

    assert result["items"] == 3
    assert result["queued"] == 2
    assert result["skipped"] == 1
    assert [s.url for s in SourceArticle.objects.order_by("url")] == [site.url("/farm"), site.url("/good")]
    assert sorted(FeedItem.objects.values_list("url", flat=True)) == [site.url("/farm"), site.url("/good")]
    feed.refresh_from_db()
    assert feed.last_polled_at is not None
    bad_link = "http://127.0.0.1:99999/a-joint-venture"
    assert "1 of 3 items skipped" in feed.last_error
    assert bad_link in feed.last_error
    assert "65535" in feed.last_error  # the reason: the port

    # Editors see it on the feed: in the list of feeds and on the feed's page.
    changelist = editor_client.get(reverse("admin:projects_feed_changelist")).content.decode()
    assert "1 of 3 items skipped" in changelist
    change = editor_client.get(reverse("admin:projects_feed_change", args=[feed.pk])).content.decode()
    assert bad_link in change

    # The next poll takes in nothing twice and still says which item it cannot take.
    with django_capture_on_commit_callbacks(execute=True):
        again = poll_feeds.delay().get()[feed.pk]
    assert (again["new"], again["skipped"]) == (0, 1)
    assert FeedItem.objects.count() == 2
    assert site.hits["/good"] == 1


def test_with_the_broker_down_poll_now_says_so_and_polls_nothing(editor_client, geo, site):
    from django.urls import reverse

    from tests.intake.conftest import UNREACHABLE_BROKER_URL, celery_configured

    feed = _feed(site)
    with celery_configured(broker_url=UNREACHABLE_BROKER_URL, eager=False):
        response = editor_client.post(
            reverse("admin:projects_feed_changelist"),
            {"action": "poll_now", "_selected_action": [feed.pk]},
            follow=True,
        )

    assert "Could not queue the poll" in response.content.decode()
    assert site.hits == {}
    feed.refresh_from_db()
    assert feed.last_polled_at is None
