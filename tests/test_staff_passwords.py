"""Weak staff passwords (issue #11 item 14): refused whenever an account gets one, explained at sign-in.

The rule is AUTH_PASSWORD_VALIDATORS: at least 12 characters, not common, not only digits, not like the
user name or e-mail address. jvtracker/auth.py applies it on every path.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from projects.services.accounts import staff_user_create

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "granite-lantern-orbit-47"


def _sign_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def _legacy_staff_account(username="root2", password="password1234"):
    """An account whose weak password predates the rule (written straight to the table)."""
    user = User.objects.create_user(username, email=f"{username}@example.org", password=STRONG, is_staff=True)
    User.objects.filter(pk=user.pk).update(password=make_password(password))
    return user


# --- Making an account --------------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["password1234", "123456789012", "short1!"])
def test_createsuperuser_noinput_refuses_a_weak_password_from_the_environment(monkeypatch, weak):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", weak)

    with pytest.raises(CommandError) as refused:
        call_command(
            "createsuperuser", "--noinput", username="root2", email="root2@example.org", stdout=io.StringIO()
        )

    assert "This password is" in str(refused.value)
    assert not User.objects.filter(username="root2").exists()


def test_createsuperuser_noinput_makes_the_account_with_a_strong_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    call_command(
        "createsuperuser", "--noinput", username="root2", email="root2@example.org", stdout=io.StringIO()
    )

    assert User.objects.get(username="root2").check_password(STRONG)
    assert _sign_in(Client(), "root2", STRONG).status_code == 302


def test_a_shell_cannot_give_a_staff_account_a_weak_password():
    with pytest.raises(ValidationError) as refused:
        User.objects.create_user("kim", password="kim12345", is_staff=True)
    assert any("too short" in message for message in refused.value.messages)
    assert not User.objects.filter(username="kim").exists()

    user = User.objects.create_user("kim", password=STRONG, is_staff=True)
    user.set_password("password")
    with pytest.raises(ValidationError):
        user.save()
    user.refresh_from_db()
    assert user.check_password(STRONG)


def test_the_staff_user_service_names_the_weak_password_and_makes_an_editor_with_a_strong_one():
    with pytest.raises(ValidationError) as refused:
        staff_user_create(username="kim", password="kimkimkim", group="editors")
    assert "password" in refused.value.message_dict
    assert not User.objects.filter(username="kim").exists()

    user = staff_user_create(username="kim", password=STRONG, email="kim@example.org", group="editors")

    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["editors"]
    with pytest.raises(ValidationError) as no_role:
        staff_user_create(username="lee", password=STRONG, group="admins")
    assert "group" in no_role.value.message_dict


def test_the_admins_add_user_form_refuses_a_weak_password(superuser):
    client = Client()
    client.force_login(superuser)

    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "neweditor",
            "password1": "password1234",
            "password2": "password1234",
            "usable_password": "true",
        },
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(username="neweditor").exists()


# --- Signing in ---------------------------------------------------------------------------------------


def test_the_right_but_weak_password_is_refused_with_the_real_reason_and_how_to_get_a_new_one():
    _legacy_staff_account()
    client = Client()

    response = _sign_in(client, "root2", "password1234")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your password is right, but it no longer meets the rule for staff passwords" in page
    assert "This password is too common." in page
    assert "manage.py changepassword root2" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("username", "password"), [("root2", "wrong-password-123"), ("nobody", "password1234")]
)
def test_a_wrong_password_or_an_unknown_account_gets_the_usual_message_only(username, password):
    _legacy_staff_account()

    page = _sign_in(Client(), username, password).content.decode()

    assert "Please enter the correct username and password" in page
    assert "no longer meets the rule" not in page


@pytest.fixture
def login_throttle(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 1
    from axes.utils import reset

    yield settings
    reset()


def test_the_right_weak_password_does_not_count_toward_the_lockout_but_wrong_ones_do(login_throttle):
    from axes.models import AccessAttempt

    _legacy_staff_account()
    client = Client()

    statuses = [_sign_in(client, "root2", "password1234").status_code for _ in range(5)]

    assert statuses == [200] * 5
    assert not AccessAttempt.objects.filter(username="root2").exists()
    wrong = [_sign_in(client, "root2", "wrong-password-123").status_code for _ in range(3)]
    assert wrong == [200, 200, 429]


def test_after_an_administrator_sets_a_strong_password_the_account_signs_in():
    user = _legacy_staff_account()
    answers = iter([STRONG, STRONG])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("getpass.getpass", lambda prompt="": next(answers))
        call_command("changepassword", "root2", stdout=io.StringIO())

    user.refresh_from_db()
    assert _sign_in(Client(), "root2", STRONG).status_code == 302
