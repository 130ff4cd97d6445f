"""Turn a retrieved page into an article: title, publisher, author, date, language and main text."""

import datetime
import re
from dataclasses import dataclass

import trafilatura

HTML_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


@dataclass
class Extracted:
    title: str = ""
    publisher: str = ""
    author: str = ""
    published_on: datetime.date | None = None
    language: str = ""
    text: str = ""


def guess_language(text: str) -> str:
    """ko, zh or en from the script most of the letters are in (enough for our three languages)."""
    sample = text[:20000]
    counts = {
        "ko": len(HANGUL.findall(sample)),
        "zh": len(HAN.findall(sample)),
        "en": len(LATIN.findall(sample)) / 4,  # roughly four Latin letters per Hangul/Han syllable
    }
    language, count = max(counts.items(), key=lambda item: item[1])
    return language if count else ""


def _date(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def extract_html(body: bytes, *, url: str = "") -> Extracted:
    document = trafilatura.bare_extraction(body, url=url or None, with_metadata=True, favor_recall=True)
    if document is None:
        return Extracted()
    text = (document.text or "").strip()
    title = (document.title or "").strip()
    # trafilatura repeats the headline as the first line of the text; keep the body only once.
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1 :]
    match = HTML_LANG.search(body[:5000])
    language = (document.language or (match.group(1).decode().lower() if match else "")) or guess_language(
        text
    )
    return Extracted(
        title=title[:500],
        publisher=(document.sitename or "").strip()[:200],
        author=(document.author or "").strip()[:200],
        published_on=_date(document.date),
        language=language[:10],
        text=text,
    )


def extract_plain_text(text: str) -> Extracted:
    text = text.strip()
    first_line = text.splitlines()[0].strip() if text else ""
    return Extracted(title=first_line[:500], language=guess_language(text), text=text)


def extract_page(page) -> Extracted:
    """Extract from a `projects.ingest.fetch.FetchedPage`, without NUL characters (see `without_nul`)."""
    if page.is_html:
        return without_nul(extract_html(page.body, url=page.final_url))
    return without_nul(extract_plain_text(page.decoded()))


def without_nul(extracted: Extracted) -> Extracted:
    """NUL characters removed from every text field: PostgreSQL cannot store them in text columns.

    A NUL carries no meaning in an article (a text/plain page with one is usually a binary slip), and
    removing it keeps the rest of the page, where refusing the page would lose it all.
    """
    for name, value in vars(extracted).items():
        if isinstance(value, str) and "\x00" in value:
            setattr(extracted, name, value.replace("\x00", ""))
    return extracted
