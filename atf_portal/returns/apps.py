from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """The return engine: abstract rounds and returns, the kinds declared on them, one state machine. No tables."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "atf_portal.returns"
    label = "returns"
    verbose_name = "Returns"
