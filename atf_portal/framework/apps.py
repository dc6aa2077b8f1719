from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    """The Marmot framework every other app hangs from: themes, recommendations, principles, ambitions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "atf_portal.framework"
    label = "framework"
