"""Subscribing to a view of the map by e-mail, and leaving it (signed in, or by the signed link)."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Subscription
from projects.selectors.follow import InvalidView, followed_view

UNSUBSCRIBE_SALT = "projects.subscriptions.unsubscribe"


def unsubscribe_signature(subscription: Subscription) -> str:
    """What the unsubscribe link carries: the subscription's secret token, signed with SECRET_KEY."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.unsubscribe_token)


def subscription_for_signature(signature: str) -> tuple[bool, Subscription | None]:
    """(the signature is genuine, the subscription it names if it still exists)."""
    try:
        token = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(signature)
    except signing.BadSignature:
        return False, None
    return True, Subscription.objects.filter(unsubscribe_token=token).first()


@transaction.atomic
def subscription_create(
    *, user, query: str, frequency: str, language: str | None = None
) -> tuple[Subscription, bool]:
    """Subscribe `user` to the view `query` (a map query string), the digest in `language` (default:
    the site's); the same view again changes the frequency and language only. ValidationError on
    `query` (the bad filters named), `frequency` or `language`."""
    if not user.is_authenticated:
        raise ValidationError(_("Sign in to subscribe."))
    if not user.email:
        raise ValidationError(
            {"user": _("Your account has no e-mail address: ask an administrator to add one.")}
        )
    try:
        view = followed_view(QueryDict(query))
    except InvalidView as invalid:
        messages = [f"{name}: {' '.join(errors)}" for name, errors in invalid.errors.items()]
        raise ValidationError({"query": messages}) from None
    subscription = Subscription.objects.select_for_update().filter(user=user, query=view.query).first()
    created = subscription is None
    if created:
        subscription = Subscription(user=user, query=view.query, watermark=timezone.now())
    subscription.frequency = frequency
    subscription.language = language or settings.LANGUAGE_CODE
    subscription.full_clean()
    subscription.save()
    return subscription, created


@transaction.atomic
def subscription_delete(*, user, subscription_id: int) -> bool:
    """Remove one of the user's own subscriptions; False when there was none."""
    deleted, _rows = Subscription.objects.filter(user=user, pk=subscription_id).delete()
    return bool(deleted)


@transaction.atomic
def subscription_unsubscribe(*, subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).delete()
