from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The open data API (/api/v1/): public figures to anyone, the signed-in portal's data with a personal token."""

    name = "atf_portal.api"
    label = "api"
