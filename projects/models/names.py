"""Name variants shared by provinces, places and organizations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Other names and spellings are stored in one text field, separated by this.
NAMES_SEPARATOR = "|"


def split_names(text: str) -> list[str]:
    """The names stored in an “other names” field, stripped, without empty ones."""
    return [name.strip() for name in (text or "").split(NAMES_SEPARATOR) if name.strip()]


class NameVariantsMixin(models.Model):
    """English, Hangul, Chinese and romanized names, plus every other spelling for matching."""

    name_en = models.CharField(_("English name"), max_length=200)
    name_ko = models.CharField(_("Hangul"), max_length=200, blank=True)
    name_zh = models.CharField(_("Chinese (simplified)"), max_length=200, blank=True)
    name_zh_hant = models.CharField(_("Chinese (traditional)"), max_length=200, blank=True)
    name_rr = models.CharField(_("Revised Romanization"), max_length=200, blank=True)
    name_mr = models.CharField(_("McCune–Reischauer"), max_length=200, blank=True)
    name_mr_plain = models.CharField(_("McCune–Reischauer (no diacritics)"), max_length=200, blank=True)
    alt_names = models.TextField(
        _("other names"), blank=True, help_text=_("Every other spelling, separated by “|”.")
    )

    NAME_FIELDS = (
        "name_en",
        "name_ko",
        "name_zh",
        "name_zh_hant",
        "name_rr",
        "name_mr",
        "name_mr_plain",
        "alt_names",
    )

    class Meta:
        abstract = True

    def name_variants(self) -> list[str]:
        names = [getattr(self, field) for field in self.NAME_FIELDS if field != "alt_names"]
        names += split_names(self.alt_names)
        seen, variants = set(), []
        for name in (n.strip() for n in names):
            if name and name not in seen:
                seen.add(name)
                variants.append(name)
        return variants
