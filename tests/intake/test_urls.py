import pytest

from projects.urlnorm import normalize_url


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
