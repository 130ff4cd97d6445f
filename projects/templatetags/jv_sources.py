"""Reliability grades as readers see them: the letter, what it means on hover and focus, and a link to
the key (the methodology page's grades section)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from projects.models import Reliability
from projects.selectors.confidence import RELIABILITY_KEY

register = template.Library()


@register.simple_tag
def reliability_grade(value):
    """`B` → a link to the grades' key around <abbr title="B: usually reliable">B</abbr>."""
    meaning = dict(Reliability.choices).get(value or "", "")
    key_url = reverse("projects:methodology") + "#reliability-key"
    if not value:
        return format_html('<a class="grade grade-unassessed" href="{}">{}</a>', key_url, _("not assessed"))
    return format_html(
        '<a class="grade" href="{}" aria-label="{}"><abbr title="{}">{}</abbr></a>',
        key_url,
        _("reliability %(meaning)s") % {"meaning": meaning},
        meaning,
        value,
    )


@register.inclusion_tag("projects/_reliability_key.html")
def reliability_key(open_key=False):
    return {"grades": RELIABILITY_KEY, "open_key": open_key}
