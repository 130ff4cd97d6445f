import pytest
from django.core.validators import URLValidator
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from projects.urlnorm import InvalidURL, normalize_url


@pytest.mark.parametrize(
    ("submitted", "normalised"),
    [
        ("https://www.DailyNK.com/english/article?id=1", "https://www.dailynk.com/english/article?id=1"),
        ("HTTPS://example.org/a", "https://example.org/a"),
        ("https://example.org/a/", "https://example.org/a"),
        ("https://example.org/a//b/", "https://example.org/a/b"),
        ("https://example.org/", "https://example.org/"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org/a?utm_source=x&utm_medium=y&id=3", "https://example.org/a?id=3"),
        ("https://example.org/a?fbclid=abc&gclid=1", "https://example.org/a"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("  https://example.org/a \n", "https://example.org/a"),
        ("https://example.org./a", "https://example.org/a"),
    ],
)
def test_normalisation_makes_one_url_of_each_article(submitted, normalised):
    assert normalize_url(submitted) == normalised


def test_path_case_and_meaningful_parameters_are_kept():
    assert normalize_url("https://example.org/Article?ID=Ab") == "https://example.org/Article?ID=Ab"


def test_normalisation_is_idempotent():
    url = "https://Example.org:443/x/?utm_campaign=1&q=a+b#top"
    assert normalize_url(normalize_url(url)) == normalize_url(url)


@pytest.mark.parametrize(
    ("submitted", "normalised"),
    [
        ("https://example.org/%7Euser/a b", "https://example.org/~user/a%20b"),  # one URL, however encoded
        ("https://example.org/~user/a%20b", "https://example.org/~user/a%20b"),
        ("https://example.org/a?utm%5Fsource=1&q=%7e", "https://example.org/a?q=~"),
        ("https://Bücher.de/a", "https://xn--bcher-kva.de/a"),  # IDNA
        ("http://[2001:DB8::0:1]:8080/a", "http://[2001:db8::1]:8080/a"),  # brackets kept
        ("https://example.org/a/./b/../c", "https://example.org/a/c"),
    ],
)
def test_equivalent_spellings_of_a_url_are_one_url(submitted, normalised):
    assert normalize_url(submitted) == normalised


@pytest.mark.parametrize(
    ("submitted", "reason"),
    [
        ("http://example.org:70000/a", "port"),
        ("http://example.org:0/a", "port"),
        ("http://example.org:x/a", "port"),
        ("http://[::1/a", "Not a valid URL"),
        ("http://[fe80::1%25eth0]/a", "IPv6"),
        ("http://127.0.0.1:8301\\@8.8.8.8/../secret.txt", "backslash"),
        ("http://user:secret@example.org/a", "user name or password"),
        ("http://exa mple.org/a", "host name"),
        ("ftp://example.org/a", "http and https"),
        ("http:///a", "no host"),
    ],
)
def test_a_url_that_cannot_be_a_source_is_refused_with_the_reason(submitted, reason):
    with pytest.raises(InvalidURL) as error:
        normalize_url(submitted)
    assert reason in error.value.messages[0]


URL_PIECES = st.sampled_from(
    [
        "http://",
        "https://",
        "HTTP://",
        "ftp://",
        "",
        "example.org",
        "EXAMPLE.org.",
        "[::1]",
        "[2001:db8::1]",
        "bücher.de",
        "127.0.0.1",
        ":",
        ":80",
        ":443",
        ":8080",
        ":0",
        ":99999",
        "@",
        "/",
        "//",
        "/a",
        "/../",
        "/%7E",
        "~",
        " ",
        "%",
        "%zz",
        "%2F",
        "?",
        "&",
        "=",
        "utm_source=x",
        "b=2",
        "a=1",
        "#frag",
        "\\",
        "\x00",
        "\t",
        "é",
        "한국",
        ";",
        "[",
        "]",
    ]
)


@hypothesis_settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.one_of(st.lists(URL_PIECES, max_size=12).map("".join), st.text(max_size=80)))
def test_the_normaliser_is_idempotent_and_refuses_only_with_its_validation_error(text):
    try:
        url = normalize_url(text)
    except InvalidURL:
        return
    assert normalize_url(url) == url
    URLValidator(schemes=["http", "https"])(url)  # what the model field will check
    assert "#" not in url
