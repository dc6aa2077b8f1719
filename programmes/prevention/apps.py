from django.apps import AppConfig


class PreventionConfig(AppConfig):
    """Shifting investment to prevention: the members' yearly prevention investment returns, on the return engine."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes.prevention"
    label = "prevention"
    verbose_name = "Prevention investment"

    def ready(self):
        from atf_portal.returns import kinds

        from .kind import INVESTMENT

        kinds.register(INVESTMENT)
