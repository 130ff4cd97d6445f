"""API tokens (DRF's `Token`, one per user): staff create, replace and revoke their own."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token


def _require_active(user):
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("An inactive account's token would not work."))


@transaction.atomic
def api_token_create(*, user, replace: bool = False) -> tuple[Token, bool]:
    """The user's token, made if missing (or made anew with `replace`); and whether it is new."""
    _require_active(user)
    if replace:
        Token.objects.filter(user=user).delete()
    return Token.objects.get_or_create(user=user)


@transaction.atomic
def api_token_revoke(*, user) -> bool:
    """Delete the user's token (scripts using it get 401 from now on). False if there was none."""
    deleted, _counts = Token.objects.filter(user=user).delete()
    return bool(deleted)
