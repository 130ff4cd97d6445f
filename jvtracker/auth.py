"""Staff accounts need strong passwords, however the password is set.

The rule is AUTH_PASSWORD_VALIDATORS (settings/base.py): at least 12 characters, not a common
password, not all digits, not too like the account's user name or e-mail address.

- **When a password is set.** The admin forms and `changepassword` run the validators themselves;
  `createsuperuser --noinput` (DJANGO_SUPERUSER_PASSWORD), its interactive "bypass validation" answer,
  `create_user`/`set_password` in a shell or an import do not. `refuse_weak_staff_password` (a pre_save
  signal on the user model, connected in `ProjectsConfig.ready`) checks the new password of every staff
  account whatever the path: the save is refused with the validators' messages (`createsuperuser` prints
  them as its error). `set_password` leaves the raw password on the instance until the save
  (`_password`); `UserManager.create_user`/`create_superuser` hash it directly, so
  `remember_raw_password_on_create` makes them leave it there too.
- **At sign-in** (the admin's form and the public one at /account/login/, both below). An account whose password was set before the rule, or outside Django, cannot sign in
  with a password that fails it. Only once the right password has been given (so a visitor cannot learn
  whether an account exists, nor whether a guess was close) the sign-in form says so, with the
  validators' reasons and how to get a new password, and that attempt does not count toward the
  django-axes lockout (the person knows the password; a wrong one still counts). The new password is
  set by an administrator (the admin's user page or `manage.py changepassword NAME`), never through
  the sign-in page itself: proving knowledge of a weak password is not enough to choose a new one.
"""

import logging

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# Set on the request by the sign-in form: the backend may then explain a weak password to it.
_EXPLAIN_WEAK_PASSWORD = "_jvtracker_explain_weak_password"  # noqa: S105 (an attribute name)


def _is_staff(user) -> bool:
    return bool(user.is_staff or user.is_superuser)


def refuse_weak_staff_password(sender, instance, **kwargs):
    """pre_save: a staff account's new password (set with set_password, not yet saved) must pass."""
    raw = getattr(instance, "_password", None)
    if raw is not None and _is_staff(instance):
        validate_password(raw, instance)


def remember_raw_password_on_create():
    """Make UserManager's create_user/create_superuser keep the raw password until the save, as
    set_password does, so that `refuse_weak_staff_password` sees it (tests/test_staff_passwords.py
    fails if Django's manager changes)."""
    from django.contrib.auth.models import UserManager

    original = UserManager._create_user_object
    if getattr(original, "remembers_raw_password", False):
        return

    def _create_user_object(self, username, email, password, **extra_fields):
        user = original(self, username, email, password, **extra_fields)
        user._password = password
        return user

    _create_user_object.remembers_raw_password = True
    UserManager._create_user_object = _create_user_object


class WeakPasswordRefused(Exception):
    """The right password, refused because it fails the rule; raised only to the sign-in form.

    Not a PermissionDenied: django.contrib.auth.authenticate would then send `user_login_failed`,
    which django-axes counts as a failure.
    """

    def __init__(self, user, reasons: list[str]):
        super().__init__("weak password")
        self.user = user
        self.reasons = reasons


class StaffPasswordPolicyBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or password is None or not _is_staff(user):
            return user
        try:
            validate_password(password, user)
        except ValidationError as error:
            name = user.get_username()
            logger.warning(
                "sign-in refused for staff account %s: weak password (%s); set a strong one with "
                "`manage.py changepassword %s`",
                name,
                "; ".join(error.messages),
                name,
            )
            if getattr(request, _EXPLAIN_WEAK_PASSWORD, False):
                raise WeakPasswordRefused(user, error.messages) from None
            # Other callers (an API client's session, a test client's login()) just fail.
            raise PermissionDenied("weak password") from None
        return user


SIGN_IN_REFUSAL_MESSAGE = gettext_lazy(
    "Your password is right, but it no longer meets the rule for staff passwords (%(reasons)s), so it "
    "cannot be used to sign in. Ask an administrator to set a new one for “%(username)s” (in the admin: "
    "Users → %(username)s → Reset password, or on the server: manage.py changepassword %(username)s). "
    "A strong password has at least 12 characters, is not a common password, not only digits, and not "
    "like your user name or e-mail address."
)


class ExplainsWeakStaffPassword:
    """For a sign-in form: tell a staff member with a weak (but right) password the truth."""

    def clean(self):
        if self.request is not None:
            setattr(self.request, _EXPLAIN_WEAK_PASSWORD, True)
        try:
            return super().clean()
        except WeakPasswordRefused as refused:
            raise ValidationError(
                SIGN_IN_REFUSAL_MESSAGE,
                code="weak_password",
                params={
                    "reasons": " ".join(refused.reasons),
                    "username": refused.user.get_username(),
                },
            ) from None


class StaffAuthenticationForm(ExplainsWeakStaffPassword, AdminAuthenticationForm):
    """The admin's sign-in form (staff only)."""


class SignInForm(ExplainsWeakStaffPassword, AuthenticationForm):
    """The public sign-in form (/account/login/): any active account, e.g. an analyst's who follows
    views by e-mail; the staff password rule and the django-axes lockout apply as in the admin."""
