"""The form of a pasted article: its text (or a .txt/.html file) and what the editor knows of it.
The checks themselves are projects.ingest.pasted's."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from projects.ingest.pasted import LANGUAGES_READ, PASTE_MAX_CHARS, PasteRefused, check_text, read_upload


class PasteForm(forms.Form):
    """An article's text pasted by an editor, or uploaded as a .txt or .html file."""

    url = forms.URLField(
        label=_("Article URL"),
        max_length=2000,
        assume_scheme="https",
        required=False,
        help_text=_(
            "Where the article is (or was) online. None for an article on paper or in a PDF: "
            "give its citation."
        ),
    )
    citation = forms.CharField(
        max_length=1000,
        required=False,
        help_text=_(
            "For an article that is not online: where it was published, e.g. “Rodong Sinmun, "
            "12 March 2015, p. 4” or “PDF received from X”."
        ),
    )
    title = forms.CharField(max_length=500, required=False, help_text=_("Empty: the text's first line."))
    publisher = forms.CharField(max_length=200, required=False)
    published_on = forms.DateField(
        label=_("publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Relative dates (“last month”) are read against it."),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90, "maxlength": PASTE_MAX_CHARS}),
        help_text=format_lazy(_("The article as written, in {languages}."), languages=LANGUAGES_READ),
    )
    file = forms.FileField(label=_("or a file"), required=False, help_text=_(".txt or .html, UTF-8"))

    def __init__(self, *args, url_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_required = url_required
        # Binary data (NUL bytes) gets the pre-read's own message rather than Django's generic one.
        self.fields["text"].validators = []
        if not url_required:
            del self.fields["url"]

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors:  # e.g. an empty file: Django's message says so
            return cleaned
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        try:
            if upload is not None and text.strip():
                raise PasteRefused(_("Paste the text or upload a file, not both."))
            if upload is not None:
                if upload.size > 4 * PASTE_MAX_CHARS:
                    raise PasteRefused(
                        _("The file is %(size)s bytes: too large for an article.")
                        % {"size": f"{upload.size:,}"}
                    )
                cleaned["pasted"] = read_upload(upload.name, upload.read())
            else:
                cleaned["pasted"] = check_text(text)
        except PasteRefused as refused:
            self.add_error("file" if upload is not None else "text", str(refused))
        if (
            self.url_required
            and not cleaned.get("url")
            and not cleaned.get("citation", "").strip()
            and "url" not in self.errors
        ):
            self.add_error(
                "url",
                _(
                    "Give the article's URL (where it is or was online) or, for an article on paper or in "
                    "a PDF, its citation."
                ),
            )
        return cleaned
