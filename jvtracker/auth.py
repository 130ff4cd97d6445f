"""Editors' accounts need strong passwords, however the password was set.

The admin forms and `changepassword` run AUTH_PASSWORD_VALIDATORS, but `createsuperuser --noinput`
(DJANGO_SUPERUSER_PASSWORD), `set_password` in a shell or an imported user table do not. So the check
also happens at sign-in: a staff account whose password fails the validators cannot sign in until it
gets a strong one (`manage.py changepassword NAME`, which validates).
"""

import logging

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError

logger = logging.getLogger(__name__)


class StaffPasswordPolicyBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or password is None or not (user.is_staff or user.is_superuser):
            return user
        try:
            validate_password(password, user)
        except ValidationError as error:
            logger.warning(
                "sign-in refused for staff account %s: weak password (%s); set a strong one with "
                "`manage.py changepassword %s`",
                user.get_username(),
                "; ".join(error.messages),
                user.get_username(),
            )
            # PermissionDenied stops the other backends too; the login form shows its usual error.
            raise PermissionDenied("weak password") from None
        return user
