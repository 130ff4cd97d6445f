"""E-mail digests: subscribing from the map's form, a digest sent once and not again without changes,
daily against weekly, the unsubscribe link, and SMTP failures left for the retry."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from projects.models import Frequency, PublicationState, Sector, Status, Subscription
from projects.services.digests import digest_send
from projects.services.subscriptions import subscription_create
from projects.tasks import send_due_digests
from tests.factories import UserFactory, make_venture
from tests.follow.conftest import add_status, published_long_ago

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def reader(db):
    return UserFactory(username="analyst", email="analyst@example.org")


def subscribe(user, query="sector=mine", frequency=Frequency.DAILY) -> Subscription:
    subscription, _ = subscription_create(user=user, query=query, frequency=frequency)
    return subscription


def unsubscribe_path(message) -> str:
    return re.search(r"http://testserver(/unsubscribe/[^/\s]+/)", message.body).group(1)


def test_subscribing_from_the_map_form_normalises_the_view(client, reader, geo):
    client.force_login(reader)
    response = client.post(
        "/account/subscriptions/",
        {"query": "sector=mine&province=KP-09&province=KP-03&sector=mine&q=", "frequency": "daily"},
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=reader)
    assert subscription.query == "province=KP-03&province=KP-09&sector=mine"
    assert subscription.frequency == Frequency.DAILY

    # The same view, spelled otherwise: one subscription, its frequency changed.
    client.post(
        "/account/subscriptions/",
        {"query": "province=KP-09&sector=mine&province=KP-03", "frequency": "weekly"},
    )
    assert Subscription.objects.get(user=reader).frequency == Frequency.WEEKLY
    page = client.get("/account/subscriptions/")
    assert page.status_code == 200
    assert "province: KP-03, KP-09; sector: Mine" in page.content.decode()


def test_a_bad_view_or_frequency_is_refused_with_the_reason(client, reader, geo):
    client.force_login(reader)
    response = client.post("/account/subscriptions/", {"query": "sector=nope", "frequency": "daily"})
    assert response.status_code == 400
    assert "sector: “nope” is not allowed" in response.content.decode()
    response = client.post("/account/subscriptions/", {"query": "", "frequency": "hourly"})
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_subscribing_needs_a_signed_in_user_with_an_address(client, geo):
    assert client.post("/account/subscriptions/", {"query": "", "frequency": "daily"}).status_code == 302
    assert not Subscription.objects.exists()
    client.force_login(UserFactory(username="noaddress", email=""))
    response = client.post("/account/subscriptions/", {"query": "", "frequency": "daily"})
    assert response.status_code == 400 and "no e-mail address" in response.content.decode()


def test_nothing_is_sent_when_nothing_changed(reader, geo):
    make_venture(name="Musan iron mine")  # published before the subscription: not news to it
    subscription = subscribe(reader)
    assert digest_send(subscription_id=subscription.pk) == "nothing-new"
    assert mail.outbox == []


def test_a_digest_is_sent_once_and_not_again_without_changes(reader, geo):
    old = published_long_ago(make_venture(name="Musan iron mine", province_code="KP-09"))
    subscription = subscribe(reader)
    make_venture(name="Uiju copper mine")
    make_venture(name="Hamju farm", sector=Sector.AGRICULTURE, province_code="KP-08")  # not in the view
    make_venture(name="Secret draft mine", state=PublicationState.DRAFT)  # never public

    now = timezone.now()
    assert digest_send(subscription_id=subscription.pk, now=now) == "sent"
    (message,) = mail.outbox
    assert message.to == ["analyst@example.org"]
    assert message.subject == "jvtracker: 1 change in “sector: Mine”"
    assert "New venture: Uiju copper mine" in message.body
    assert "Hamju farm" not in message.body and "Secret draft" not in message.body
    assert "http://testserver/?sector=mine" in message.body
    assert "http://testserver/feeds/ventures.atom?sector=mine" in message.body
    html = message.alternatives[0][0]
    assert "New venture: Uiju copper mine" in html and unsubscribe_path(message) in html

    # Sent again as the same task would be, a day later and a week later: nothing new, nothing sent.
    assert digest_send(subscription_id=subscription.pk, now=now) == "not-due"
    assert digest_send(subscription_id=subscription.pk, now=now + DAY) == "nothing-new"
    assert digest_send(subscription_id=subscription.pk, now=now + 7 * DAY) == "nothing-new"
    assert len(mail.outbox) == 1

    # A new status step of a matching venture is the next digest's only news.
    add_status(old, status=Status.SUSPENDED)
    assert digest_send(subscription_id=subscription.pk, now=now + 8 * DAY) == "sent"
    assert len(mail.outbox) == 2
    assert "Musan iron mine: Suspended (2025-09-20)" in mail.outbox[1].body
    assert "Uiju copper mine" not in mail.outbox[1].body
    subscription.refresh_from_db()
    assert subscription.last_sent_at == now + 8 * DAY


def test_daily_and_weekly_digests_come_at_their_own_pace(reader, geo):
    daily = subscribe(reader, query="", frequency=Frequency.DAILY)
    weekly = subscribe(
        UserFactory(username="weekly", email="weekly@example.org"), query="", frequency="weekly"
    )
    start = timezone.now()
    make_venture(name="First mine")
    assert digest_send(subscription_id=daily.pk, now=start) == "sent"
    assert digest_send(subscription_id=weekly.pk, now=start) == "sent"

    make_venture(name="Second mine")
    assert digest_send(subscription_id=daily.pk, now=start + DAY) == "sent"
    assert digest_send(subscription_id=weekly.pk, now=start + DAY) == "not-due"
    assert digest_send(subscription_id=weekly.pk, now=start + 6 * DAY) == "not-due"
    assert digest_send(subscription_id=weekly.pk, now=start + 7 * DAY) == "sent"
    to = [(m.to[0], "Second mine" in m.body) for m in mail.outbox]
    assert to == [
        ("analyst@example.org", False),
        ("weekly@example.org", False),
        ("analyst@example.org", True),
        ("weekly@example.org", True),
    ]


def test_the_beat_task_sends_every_due_digest(reader, geo):
    subscribe(reader, query="")
    subscribe(UserFactory(username="second", email="second@example.org"), query="sector=agriculture")
    make_venture(name="Uiju copper mine")

    assert send_due_digests.delay().get() == 2  # both due; tasks in-process (no broker)
    assert [m.to for m in mail.outbox] == [["analyst@example.org"]]  # the farm view had no news
    assert send_due_digests.delay().get() == 1  # the farm view is still due; the other was just sent
    assert len(mail.outbox) == 1


def test_the_unsubscribe_link_works_signed_out_with_one_click(client, reader, geo):
    subscription = subscribe(reader)
    make_venture(name="Uiju copper mine")
    digest_send(subscription_id=subscription.pk)
    (message,) = mail.outbox
    path = unsubscribe_path(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{path}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page = client.get(path)  # a link checker opening it unsubscribes no one
    assert page.status_code == 200 and "Stop the Daily digest of “sector: Mine”?" in page.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()

    # The page's one button, or the mail program's own (RFC 8058: a POST with no CSRF token).
    done = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert "already unsubscribed" in client.post(path).content.decode()

    tampered = path.replace(path[-5:-1], "AAAA")
    assert client.get(tampered).status_code == 404


def test_a_signed_in_user_lists_and_leaves_their_subscriptions(client, reader, geo):
    mine = subscribe(reader)
    other = subscribe(UserFactory(username="other", email="other@example.org"))
    client.force_login(reader)
    assert client.post(f"/account/subscriptions/{other.pk}/delete/").status_code == 302
    assert Subscription.objects.filter(pk=other.pk).exists()  # not theirs
    client.post(f"/account/subscriptions/{mine.pk}/delete/")
    assert not Subscription.objects.filter(pk=mine.pk).exists()


def test_user_text_is_escaped_in_the_html_and_plain_in_the_text(reader, geo):
    subscription = subscribe(reader, query="")
    make_venture(name="Mine <b>&</b> Co")
    digest_send(subscription_id=subscription.pk)
    (message,) = mail.outbox
    assert "New venture: Mine <b>&</b> Co" in message.body
    html = message.alternatives[0][0]
    assert "<b>" not in html and "Mine &lt;b&gt;&amp;&lt;/b&gt; Co" in html


def test_an_smtp_failure_sends_nothing_and_keeps_the_watermark_for_the_retry(reader, geo, settings):
    subscription = subscribe(reader, query="")
    make_venture(name="Uiju copper mine")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    with pytest.raises(ConnectionRefusedError):  # one of the errors the task retries with backoff
        digest_send(subscription_id=subscription.pk)
    before = subscription.watermark
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None and subscription.watermark == before

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digest_send(subscription_id=subscription.pk) == "sent"  # the retry
    assert len(mail.outbox) == 1


def test_a_digest_is_written_in_the_language_the_reader_subscribed_in(client, reader, geo):
    published_long_ago(make_venture(name="Musan iron mine", province_code="KP-09"))
    client.force_login(reader)
    response = client.post("/ko/account/subscriptions/", {"query": "sector=mine", "frequency": "daily"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=reader)
    assert subscription.language == "ko"
    make_venture(name="Uiju copper mine")

    assert digest_send(subscription_id=subscription.pk, now=timezone.now()) == "sent"
    (message,) = mail.outbox
    assert re.search(r"[\uac00-\ud7a3]", message.subject), message.subject  # Hangul: the Korean catalog
    assert "Uiju copper mine" in message.body
    assert "http://testserver/ko/?sector=mine" in message.body  # the map in Korean
    assert "http://testserver/ko/feeds/ventures.atom?sector=mine" in message.body
