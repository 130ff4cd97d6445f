"""A user's API token (DRF's `Token`, one per user), for the page where staff manage theirs."""

from rest_framework.authtoken.models import Token


def user_api_token(user) -> Token | None:
    return Token.objects.filter(user=user).first()
