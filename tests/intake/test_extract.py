import datetime

from projects.ingest.extract import extract_html, extract_plain_text, guess_language
from tests.intake.conftest import FIXTURES


def test_extraction_finds_title_publisher_author_date_language_and_main_text():
    extracted = extract_html((FIXTURES / "good_article.html").read_bytes(), url="http://x.test/good")

    assert extracted.title == "Chinese investors restart mine in Uiju"
    assert extracted.publisher == "Border Report"
    assert extracted.author == "Kim Min-ji"
    assert extracted.published_on == datetime.date(2025, 10, 3)
    assert extracted.language == "en"
    assert "At Tokhyon Mine in Uiju county" in extracted.text
    assert "Hyonjesan district" in extracted.text
    # Navigation and footer are not part of the article.
    assert "Politics" not in extracted.text
    assert "Copyright" not in extracted.text


def test_extraction_of_an_empty_page_gives_nothing_rather_than_failing():
    extracted = extract_html(b"<html><body></body></html>")
    assert extracted.text == ""
    assert extracted.title == ""


def test_plain_text_takes_its_first_line_as_title():
    extracted = extract_plain_text("평안북도 의주군 광산\n\n채굴 작업이 재개됐다.")
    assert extracted.title == "평안북도 의주군 광산"
    assert extracted.language == "ko"


def test_language_is_guessed_from_the_script():
    assert guess_language("朝鲜平安南道成川郡与中国投资者签订合同") == "zh"
    assert guess_language("함경남도 함주군에서 중국 개인 투자자가") == "ko"
    assert guess_language("A joint venture in Uiju county") == "en"
    assert guess_language("") == ""
