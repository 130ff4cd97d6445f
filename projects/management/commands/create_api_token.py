"""`manage.py create_api_token USERNAME`: print the user's API token (created if missing).

Staff can also create and revoke their own on the page /account/api-token/ (or in the admin, Auth
Token › Tokens). `--reset` replaces an existing token.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from projects.services.tokens import api_token_create


class Command(BaseCommand):
    help = "Print the API token of a user, creating it if needed (--reset makes a new one)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="Replace the existing token.")

    def handle(self, *args, username, reset, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named “{username}”.") from None
        if not user.is_active:
            raise CommandError(f"“{username}” is not active: an inactive user's token would not work.")
        token, created = api_token_create(user=user, replace=reset)
        if created:
            self.stderr.write(f"Created a token for {username}.")
        self.stdout.write(token.key)
