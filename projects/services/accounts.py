"""Staff accounts made in code (a shell, a script, a deployment step).

    from projects.services.accounts import staff_user_create
    staff_user_create(username="kim", email="kim@example.org", password="…", group="editors")

The password must pass AUTH_PASSWORD_VALIDATORS (the same rule as the admin's forms, `createsuperuser`
and sign-in: jvtracker/auth.py); a weak one is a ValidationError on `password`.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.permissions import EDITORS_GROUP, REVIEWERS_GROUP

STAFF_GROUPS = (EDITORS_GROUP, REVIEWERS_GROUP)


@transaction.atomic
def staff_user_create(*, username: str, password: str, email: str = "", group: str = "", superuser=False):
    """A staff account in one of the role groups (or a superuser), with a password that passes the rule."""
    if not superuser and group not in STAFF_GROUPS:
        raise ValidationError(
            {"group": _("Give one of the roles: %(roles)s.") % {"roles": ", ".join(STAFF_GROUPS)}}
        )
    user = get_user_model()(username=username, email=email, is_staff=True, is_superuser=superuser)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user
