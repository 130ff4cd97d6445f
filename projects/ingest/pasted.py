"""Articles an editor pastes (or uploads as .txt/.html) because they cannot be fetched or exist only on
paper or in a PDF: what is accepted, and why the rest is refused. Every check is linear in the input.
"""

import re
import unicodedata
from dataclasses import dataclass

from .extract import extract_html
from .preread.language import HAN, HANGUL, KANA, detect

# An article is a few thousand words; a paste ten times the largest report is not an article.
PASTE_MAX_CHARS = 200_000
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
UPLOAD_EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
LANGUAGES_READ = "English, Korean, Chinese or Japanese"

LATIN = re.compile(r"[A-Za-z]")
LETTER = re.compile(r"[^\W\d_]")
SAMPLE_CHARS = 20_000


class PasteRefused(ValueError):
    """Why a pasted text is not taken, in words for the form."""


@dataclass
class Pasted:
    text: str
    title: str = ""
    language: str = ""


def _control_share(text: str) -> float:
    sample = text[:SAMPLE_CHARS]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\r\t"
    )
    return controls / max(len(sample), 1)


def language_read(text: str) -> str:
    """The language the pre-read will read the text in (projects.ingest.preread.language.detect: en,
    ko, ja, zh, zh-Hant), or "" for another language. Letters of other scripts (Cyrillic, Arabic,
    Thai…) outweighing those of ours also make another language, whatever names in Latin letters
    the text quotes."""
    sample = text[:SAMPLE_CHARS]
    letters = len(LETTER.findall(sample))
    ours = sum(len(pattern.findall(sample)) for pattern in (HANGUL, KANA, HAN, LATIN))
    if not letters or ours < letters / 2:
        return ""
    return detect(sample)


def check_text(text: str) -> Pasted:
    """The pasted text, stripped, or PasteRefused saying what is wrong with it."""
    if len(text) > PASTE_MAX_CHARS:
        raise PasteRefused(
            f"The text is {len(text):,} characters long; an article is at most {PASTE_MAX_CHARS:,}. "
            "Paste the article itself, without the rest of the page or document."
        )
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise PasteRefused("Paste the article's text, or upload it as a .txt or .html file.")
    if "\x00" in text or _control_share(text) > 0.01:
        raise PasteRefused(
            "This is binary data, not text (a PDF, an image or a word-processor file?). Copy the text "
            "out of the document and paste that."
        )
    language = language_read(text)
    if not language:
        raise PasteRefused(
            f"This text is not in a language the pre-read reads ({LANGUAGES_READ}). Paste the article "
            "in its original language, or a translation into one of these."
        )
    first_line = text.splitlines()[0].strip()
    return Pasted(text=text, title=first_line[:500], language=language)


def read_upload(name: str, body: bytes) -> Pasted:
    """An uploaded .txt or .html file as a pasted article, or PasteRefused."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = UPLOAD_EXTENSIONS.get(extension)
    if kind is None:
        raise PasteRefused(
            f"“{name}” is not a .txt or .html file. For a PDF or a scan, copy its text and paste it."
        )
    if len(body) > UPLOAD_MAX_BYTES:
        raise PasteRefused(
            f"The file is {len(body):,} bytes; an article's file is at most {UPLOAD_MAX_BYTES:,} bytes."
        )
    if b"\x00" in body[:SAMPLE_CHARS]:
        raise PasteRefused(f"“{name}” holds binary data, not text: copy the article's text and paste it.")
    try:
        decoded = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PasteRefused(
            f"“{name}” is not UTF-8 text (binary data, or an old encoding): save it as UTF-8 text, "
            "or paste its text."
        ) from None
    if kind == "text":
        return check_text(decoded)
    extracted = extract_html(body)
    pasted = check_text(extracted.text)
    pasted.title = extracted.title or pasted.title
    return pasted
