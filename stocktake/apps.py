from django.apps import AppConfig


class StocktakeConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'stocktake'
