from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Place and neighbourhood plans: each Place's plans, held against the Neighbourhoods framework (004) on the
    return engine, with the Place's own measures beside the Beacon set."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes.plans"
    label = "plans"
    verbose_name = "Place and neighbourhood plans"

    def ready(self):
        from atf_portal.returns import kinds

        from .kind import ASSESSMENTS

        kinds.register(ASSESSMENTS)
