from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes.reporting"
    label = "reporting"
    verbose_name = "Reporting rounds"

    def ready(self):
        from atf_portal.returns import kinds

        from .kind import UPDATES

        kinds.register(UPDATES)
