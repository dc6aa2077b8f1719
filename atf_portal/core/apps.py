from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared machinery at the bottom: the import flow, exports, the page cache, access, labels, the form
    renderer, django-tables2's signature cache and the template filters every app's templates load. It has no models."""

    name = "atf_portal.core"
    label = "core"

    def ready(self):
        from . import pagecache, tables

        pagecache.connect_signals()
        tables.install()
