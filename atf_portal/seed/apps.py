from django.apps import AppConfig


class SeedConfig(AppConfig):
    """Data in and out of the whole portal: `bootstrap` (the documents' reference data), the demo users and the
    illustrative values of `make run`, `backup` and `restore`. It sits on top: it reads every app. No tables."""

    name = "atf_portal.seed"
    label = "seed"
