"""The public "Suggest a correction" form of a venture page: no account, a honeypot, a rate limit.

What a visitor sends lands in the editors' queue (projects.models.Correction, in the admin); nothing
of it is ever shown on the site. The honeypot is a field people never see: a submission that fills
it is a bot's, answered like a success (so the bot learns nothing) and stored nowhere.
"""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from jvtracker.form_throttle import submission_allowed
from projects.forms import HONEYPOT, CorrectionForm
from projects.models import PublicationState, Venture
from projects.services.corrections import correction_submit

logger = logging.getLogger(__name__)
THROTTLE_SCOPE = "correction"


def _published_venture(public_id: str) -> Venture:
    """Corrections are for published ventures only; a draft's id is a 404 like an unknown one."""
    try:
        return Venture.objects.get(public_id=public_id, publication_state=PublicationState.PUBLISHED)
    except Venture.DoesNotExist as exc:
        raise Http404(gettext("No such venture.")) from exc


@require_http_methods(["GET", "POST"])
def correction_form(request, public_id: str):
    venture = _published_venture(public_id)
    context = {"venture": venture, "sent": request.GET.get("sent") == "1"}
    if request.method == "GET":
        return render(request, "projects/correction.html", {**context, "form": CorrectionForm()})
    form = CorrectionForm(request.POST)
    if request.POST.get(HONEYPOT):
        # A bot: counted against the client's allowance, answered like a success, nothing stored.
        submission_allowed(request, scope=THROTTLE_SCOPE, rate=settings.CORRECTION_THROTTLE_RATE)
        logger.info("correction honeypot filled for %s: discarded", venture.public_id)
        return redirect(_sent_url(venture))
    if not form.is_valid():
        return render(request, "projects/correction.html", {**context, "form": form}, status=400)
    if not submission_allowed(request, scope=THROTTLE_SCOPE, rate=settings.CORRECTION_THROTTLE_RATE):
        return render(request, "projects/correction_refused.html", {"venture": venture}, status=429)
    data = form.cleaned_data
    correction_submit(
        venture=venture,
        field=data["field"],
        field_detail=data["field_detail"],
        problem=data["problem"],
        suggestion=data["suggestion"],
        source_url=data["source_url"],
        email=data["email"],
    )
    return redirect(_sent_url(venture))


def _sent_url(venture: Venture) -> str:
    return reverse("projects:venture-correction", args=[venture.public_id]) + "?sent=1"
