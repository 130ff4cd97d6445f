"""The public sign-in (/account/login/): an analyst (an active account without staff rights, created
by an administrator) signs in there to follow views of the map by e-mail."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from projects.models import Subscription
from tests.factories import UserFactory

PASSWORD = "analyst-reads-the-map-42"


@pytest.fixture
def analyst(db):
    user = UserFactory(username="analyst", email="analyst@example.org", is_staff=False)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def login_throttle(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 1
    from axes.utils import reset

    yield settings
    reset()


def sign_in(client, username="analyst", password=PASSWORD, **extra):
    return client.post(reverse("projects:login"), {"username": username, "password": password, **extra})


@pytest.mark.django_db
def test_an_analyst_signs_in_subscribes_sees_the_subscription_and_signs_out(geo, analyst):
    client = Client()
    page = client.get(reverse("projects:login"))
    assert page.status_code == 200
    assert 'name="username"' in page.text and "Sign in" in page.text

    response = sign_in(client, next="/?sector=mine")
    assert response.status_code == 302
    assert response["Location"] == "/?sector=mine"
    assert client.session["_auth_user_id"] == str(analyst.pk)

    subscribed = client.post(
        reverse("projects:subscriptions"), {"query": "sector=mine", "frequency": "daily"}
    )
    assert subscribed.status_code == 302
    subscription = Subscription.objects.get(user=analyst)
    assert (subscription.query, subscription.frequency) == ("sector=mine", "daily")
    listing = client.get(reverse("projects:subscriptions"))
    assert listing.status_code == 200
    assert "Sign out" in listing.text

    signed_out = client.post(reverse("projects:logout"))
    assert signed_out.status_code == 302
    assert signed_out["Location"] == reverse("projects:map")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("projects:subscriptions"))["Location"].startswith(
        reverse("projects:login") + "?next="
    )


@pytest.mark.django_db
def test_without_next_the_analyst_lands_on_the_map_and_the_korean_page_works_too(analyst):
    client = Client()
    assert sign_in(client)["Location"] == reverse("projects:map")
    assert Client().get("/ko/account/login/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_password_is_a_form_error(analyst):
    client = Client()
    response = sign_in(client, password="not-the-password-1")
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_inactive_account_cannot_sign_in(analyst):
    analyst.is_active = False
    analyst.save()
    client = Client()
    response = sign_in(client)
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_next_to_another_host_is_ignored(analyst):
    client = Client()
    response = sign_in(client, next="https://evil.example.com/steal")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:map")


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_out_even_with_the_right_one(login_throttle, analyst):
    client = Client()
    statuses = [sign_in(client, password="wrong-password-123").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert sign_in(client).status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_staff_member_with_a_weak_right_password_is_told_so_here_too(login_throttle):
    # A password set before the rule (or outside Django): written straight to the table.
    staff = UserFactory(username="oldeditor", is_staff=True)
    get_user_model().objects.filter(pk=staff.pk).update(password=make_password("password1234"))
    client = Client()
    response = sign_in(client, username="oldeditor", password="password1234")
    assert response.status_code == 200
    assert "no longer meets the rule for staff passwords" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signed_out_the_maps_follow_menu_links_to_the_sign_in_with_this_view(geo):
    response = Client().get("/?sector=mine")
    assert response.status_code == 200
    assert 'id="follow-sign-in"' in response.text
    assert reverse("projects:login") + "?next=/%3Fsector%3Dmine" in response.text
    assert "Sign in to get this view by e-mail" in response.text
    assert 'id="subscribe-form"' not in response.text
