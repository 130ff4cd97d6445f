"""One client address for throttles, lockouts and logs: REMOTE_ADDR, or the Nth X-Forwarded-For hop
from the right behind N trusted proxies. A header the client writes never makes it someone else."""

import pytest
from django.core.cache import cache
from django.test import Client

from jvtracker.client_address import address_from_meta

PROXY = "10.0.0.2"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"
RIGHT_PASSWORD = "correct-horse-battery-staple"


@pytest.mark.parametrize(
    ("meta", "count", "expected"),
    [
        ({"REMOTE_ADDR": CLIENT_A}, 0, CLIENT_A),
        ({"REMOTE_ADDR": CLIENT_A, "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 0, CLIENT_A),  # header ignored
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": CLIENT_A}, 1, CLIENT_A),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, 5.6.7.8, {CLIENT_A}"}, 1, CLIENT_A),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {CLIENT_A}, 10.0.0.1"}, 2, CLIENT_A),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": " 2001:DB8::1 "}, 1, "2001:db8::1"),
        # Fewer hops than proxies, an empty header or garbage: not through our proxies, so the peer.
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": CLIENT_A}, 2, PROXY),
        ({"REMOTE_ADDR": PROXY}, 1, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": " , "}, 1, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "evil, not-an-ip"}, 1, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{CLIENT_A}:443"}, 1, PROXY),
        ({}, 0, "unknown"),
    ],
)
def test_the_client_address_trusts_only_the_hops_our_proxies_appended(meta, count, expected):
    assert address_from_meta(meta, count) == expected


@pytest.fixture
def anon_rate_of_two(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "1000/minute"},
    }
    cache.clear()
    yield settings
    cache.clear()


@pytest.mark.django_db
def test_a_made_up_x_forwarded_for_does_not_buy_a_fresh_throttle_allowance(anon_rate_of_two, geo):
    anon_rate_of_two.TRUSTED_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR=CLIENT_A)
    statuses = [
        client.get("/api/v1/stats/", headers={"X-Forwarded-For": f"192.0.2.{n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_the_proxy_each_client_has_its_own_allowance_whatever_it_prepends(anon_rate_of_two, geo):
    anon_rate_of_two.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR=PROXY)

    def get(forwarded_for):
        return proxy.get("/api/v1/stats/", headers={"X-Forwarded-For": forwarded_for}).status_code

    assert [get(CLIENT_A), get(f"192.0.2.7, {CLIENT_A}"), get(f"192.0.2.8, {CLIENT_A}")] == [200, 200, 429]
    assert [get(CLIENT_B), get(CLIENT_B)] == [200, 200]  # the proxy's other clients are not affected


@pytest.fixture
def login_limit_of_five(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = 1
    from axes.utils import reset

    reset()
    yield settings
    reset()


def _login(client, password, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/admin/login/", {"username": "editor", "password": password}, headers=headers)


@pytest.mark.django_db
def test_five_wrong_passwords_from_one_client_behind_the_proxy_do_not_lock_out_another(
    login_limit_of_five, editor
):
    login_limit_of_five.TRUSTED_PROXY_COUNT = 1
    client_a, client_b = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
    statuses = [_login(client_a, "wrong-password-123", CLIENT_A).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert _login(client_a, RIGHT_PASSWORD, CLIENT_A).status_code == 429  # A stays locked out

    response = _login(client_b, RIGHT_PASSWORD, CLIENT_B)
    assert response.status_code == 302
    assert client_b.session["_auth_user_id"] == str(editor.pk)

    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_does_not_escape_a_lockout_when_no_proxy_is_trusted(
    login_limit_of_five, editor
):
    login_limit_of_five.TRUSTED_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR=CLIENT_A)
    statuses = [_login(client, "wrong-password-123", f"192.0.2.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert _login(client, RIGHT_PASSWORD, "192.0.2.99").status_code == 429
