from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'indicators'

    def ready(self):
        from indicators.summary import freshness

        freshness.connect_signals()
