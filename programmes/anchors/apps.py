from django.apps import AppConfig


class AnchorsConfig(AppConfig):
    """Anchor institutions: the signatories' evidence returns to the Anchor Assembly, on the return engine."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes.anchors"
    label = "anchors"
    verbose_name = "Anchor institutions"

    def ready(self):
        from atf_portal.returns import kinds

        from . import figures
        from .kind import EVIDENCE

        kinds.register(EVIDENCE)
        figures.provide_indicators()
