from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Joint ventures"

    def ready(self):
        # Registers the Celery tasks, which the services send by name (projects/services/enqueue.py).
        from projects import tasks  # noqa: F401
