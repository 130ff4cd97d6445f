"""Subscriptions pages: a signed-in user's list (/account/subscriptions/), subscribing from the map,
and the unsubscribe link of every digest (works signed out: the signed token is the permission)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from projects.models import Frequency
from projects.selectors.follow import InvalidView, describe_view, followed_view, user_subscriptions
from projects.services.subscriptions import (
    subscription_create,
    subscription_delete,
    subscription_for_signature,
    subscription_unsubscribe,
)


class SubscribeForm(forms.Form):
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        choices=Frequency.choices, initial=Frequency.WEEKLY, label=gettext_lazy("How often")
    )


def _with_views(subscriptions):
    """Each subscription with its view in words and its links (a view that no longer validates says so)."""
    for subscription in subscriptions:
        suffix = f"?{subscription.query}" if subscription.query else ""
        subscription.map_url = reverse("projects:map") + suffix
        subscription.feed_url = reverse("projects:feed-ventures") + suffix
        try:
            subscription.description = describe_view(followed_view(QueryDict(subscription.query)))
        except InvalidView:
            subscription.description = _("a view whose filters are no longer valid: %(query)s") % {
                "query": subscription.query
            }
    return subscriptions


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def subscriptions(request):
    """GET: the user's subscriptions. POST (the map's form): subscribe to a view, or change its frequency."""
    form = SubscribeForm()
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            try:
                _subscription, created = subscription_create(
                    user=request.user,
                    query=form.cleaned_data["query"],
                    frequency=form.cleaned_data["frequency"],
                    language=get_language(),
                )
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
                for field, messages in errors.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                return redirect(
                    reverse("projects:subscriptions") + "?done=" + ("created" if created else "updated")
                )
        status = 400
    done, message = request.GET.get("done"), ""
    if done == "created":
        message = _("Subscribed: a digest comes when something in this view changes.")
    elif done == "updated":
        message = _("You already followed this view: its frequency is updated.")
    elif done == "deleted":
        message = _("Unsubscribed.")
    context = {
        "subscriptions": _with_views(user_subscriptions(request.user)),
        "form": form,
        "message": message,
        "has_email": bool(request.user.email),
    }
    return render(request, "projects/subscriptions.html", context, status=status)


@login_required
@require_POST
def subscription_remove(request, pk: int):
    subscription_delete(user=request.user, subscription_id=pk)
    return redirect(reverse("projects:subscriptions") + "?done=deleted")


@csrf_exempt  # the signed token is the permission; mail programs POST here themselves (RFC 8058)
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, signature: str):
    """GET: a page with one button (a link checker following the link unsubscribes no one). POST:
    unsubscribed, signed in or not."""
    genuine, subscription = subscription_for_signature(signature)
    if not genuine:
        return render(request, "projects/unsubscribe.html", {"state": "invalid"}, status=404)
    if subscription is None:
        return render(request, "projects/unsubscribe.html", {"state": "gone"})
    if request.method == "POST":
        subscription_unsubscribe(subscription=subscription)
        return render(request, "projects/unsubscribe.html", {"state": "done"})
    _with_views([subscription])
    return render(request, "projects/unsubscribe.html", {"state": "confirm", "subscription": subscription})
