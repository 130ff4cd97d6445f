from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Joint ventures"

    def ready(self):
        # Registers the Celery tasks, which the services send by name (projects/services/enqueue.py).
        # A staff account's password is checked against AUTH_PASSWORD_VALIDATORS whenever it is set,
        # by whatever path (createsuperuser --noinput, a shell, an import): jvtracker/auth.py.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from jvtracker.auth import refuse_weak_staff_password, remember_raw_password_on_create
        from projects import tasks  # noqa: F401

        remember_raw_password_on_create()
        pre_save.connect(
            refuse_weak_staff_password, sender=get_user_model(), dispatch_uid="refuse_weak_staff_password"
        )
