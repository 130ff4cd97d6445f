"""Pasting an article (issue #9): an article that cannot be fetched, or exists only on paper or in a
PDF, is pasted as text (or uploaded as .txt/.html) and pre-read like a fetched one. Bad input gets a
clear form message and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import FetchStatus, SourceArticle, TriageArticle

ARTICLE = (
    "Chinese firm starts mining in Uiju\n\n"
    "A Chinese mining company has started extracting copper at a mine in Uiju county, North Pyongan "
    "province, a source in the region said. The firm and a North Korean trading company set up a joint "
    "venture for the mine last year."
)


@pytest.fixture
def failed(geo):
    return SourceArticle.objects.create(
        url="https://news.example.org/blocked",
        fetch_status=FetchStatus.FAILED,
        fetch_error="HTTP 403 Forbidden: the site refuses our fetcher.",
        fetch_attempts=3,
    )


def _paste_url(source):
    return reverse("admin:projects_triage_paste", args=[source.pk])


def test_a_failed_fetch_says_why_and_offers_to_fetch_again_or_paste(editor_client, failed):
    response = editor_client.get(reverse("admin:projects_triagearticle_change", args=[failed.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "The article could not be fetched" in body
    assert "HTTP 403 Forbidden: the site refuses our fetcher." in body
    assert reverse("admin:projects_triage_fetch_again", args=[failed.pk]) in body
    assert _paste_url(failed) in body


def test_fetch_again_queues_the_fetch(editor_client, failed, settings):
    response = editor_client.post(reverse("admin:projects_triage_fetch_again", args=[failed.pk]))

    assert response.status_code == 302


def test_pasted_text_is_stored_and_pre_read(editor, editor_client, failed):
    response = editor_client.post(_paste_url(failed), {"text": ARTICLE, "published_on": "2025-10-02"})

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.fetch_status == FetchStatus.PASTED
    assert failed.fetch_error == ""
    assert failed.text.startswith("Chinese firm starts mining in Uiju")
    assert failed.title == "Chinese firm starts mining in Uiju"
    assert str(failed.published_on) == "2025-10-02"
    assert any(m["name"] == "Uiju" for m in failed.suggestions.data["mentions"])
    assert failed.history.latest().history_user == editor
    assert TriageArticle.objects.filter(pk=failed.pk).exists()


def test_a_txt_or_html_file_is_read_like_pasted_text(editor_client, failed):
    html = f"<html lang='en'><body><article><h1>Report</h1><p>{ARTICLE}</p></article></body></html>"
    upload = SimpleUploadedFile("report.html", html.encode(), content_type="text/html")

    response = editor_client.post(_paste_url(failed), {"file": upload})

    assert response.status_code == 302
    failed.refresh_from_db()
    assert "copper at a mine in Uiju county" in failed.text


def test_a_new_article_is_pasted_with_its_url(editor_client, geo):
    response = editor_client.post(
        reverse("admin:projects_triage_paste_new"),
        {
            "url": "https://Paper.example.org/print/42?utm_source=x",
            "text": ARTICLE,
            "publisher": "Print weekly",
        },
    )

    source = SourceArticle.objects.get()
    assert response.status_code == 302
    assert source.url == "https://paper.example.org/print/42"
    assert (source.fetch_status, source.publisher) == (FetchStatus.PASTED, "Print weekly")
    assert source.suggestions is not None


BAD_TEXTS = [
    ("", "Paste the article's text, or upload it as a .txt or .html file."),
    ("   \n\t  ", "Paste the article's text, or upload it as a .txt or .html file."),
    ("%PDF-1.7\x00\x01\x02\x03 binary \x00\x00 stream", "This is binary data, not text"),
    (
        "Китайская компания начала добычу меди на руднике в уезде Ыйджу провинции Северная Пхёнан, "
        "сообщил источник в регионе.",
        "not in a language the pre-read reads",
    ),
    (
        "Une entreprise chinoise a commencé à extraire du cuivre dans une mine du district d'Uiju, dans "
        "la province du Pyongan du Nord, selon une source dans la région. La société et une entreprise "
        "nord-coréenne ont créé une coentreprise pour la mine l'année dernière.",
        "not in a language the pre-read reads",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), BAD_TEXTS, ids=["empty", "blank", "binary", "russian", "french"]
)
def test_bad_pasted_text_is_a_form_error_and_changes_nothing(editor_client, failed, text, message):
    response = editor_client.post(_paste_url(failed), {"text": text})

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors["text"])
    assert message.replace("'", "&#x27;") in response.content.decode()
    failed.refresh_from_db()
    assert (failed.fetch_status, failed.text) == (FetchStatus.FAILED, "")
    assert not hasattr(failed, "suggestions") or failed.suggestions is None


def test_a_five_megabyte_paste_is_refused_with_a_message_and_changes_nothing(editor_client, failed):
    response = editor_client.post(_paste_url(failed), {"text": "A mine in Uiju. " * 330_000}, follow=True)

    assert response.status_code == 400
    assert response.redirect_chain == [(_paste_url(failed) + "?too_large=1", 303)]
    assert "too large for an article" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.fetch_status, failed.text) == (FetchStatus.FAILED, "")


def test_a_paste_over_the_article_limit_but_under_the_request_limit_is_a_form_error(editor_client, failed):
    response = editor_client.post(_paste_url(failed), {"text": "A mine in Uiju. " * 20_000})

    assert response.status_code == 400
    assert "an article is at most" in response.context["form"].errors["text"][0]
    failed.refresh_from_db()
    assert failed.text == ""


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is not a .txt or .html file"),
        ("article.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "holds binary data"),
        ("article.txt", "Ein Artikel über eine Mine".encode("latin-1") + b"\xff\xfe", "is not UTF-8 text"),
        ("article.txt", b"", "The submitted file is empty."),
    ],
    ids=["pdf", "png-named-txt", "not-utf8", "empty-file"],
)
def test_a_bad_file_is_a_form_error_and_changes_nothing(editor_client, failed, name, body, message):
    upload = SimpleUploadedFile(name, body, content_type="application/octet-stream")

    response = editor_client.post(_paste_url(failed), {"file": upload})

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors["file"])
    failed.refresh_from_db()
    assert (failed.fetch_status, failed.text) == (FetchStatus.FAILED, "")


def test_a_new_article_without_its_url_is_a_form_error(editor_client, geo):
    response = editor_client.post(reverse("admin:projects_triage_paste_new"), {"text": ARTICLE})

    assert response.status_code == 400
    assert response.context["form"].errors["url"]
    assert not SourceArticle.objects.exists()


def test_anonymous_visitors_cannot_paste(client, failed):
    response = client.post(_paste_url(failed), {"text": ARTICLE})

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    failed.refresh_from_db()
    assert failed.text == ""
