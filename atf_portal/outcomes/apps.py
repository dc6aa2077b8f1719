from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """The public annual outcomes report: published snapshots, open to anyone without signing in."""

    name = "atf_portal.outcomes"
    label = "outcomes"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from atf_portal.core.pagecache import data_changed

        # A publication changes the public pages and the API: their ETags and cached copies rest on the data version.
        for signal in (post_save, post_delete):
            signal.connect(lambda sender, **kwargs: data_changed(), sender="outcomes.OutcomesReport", weak=False,
                           dispatch_uid=f"outcomes-published-{id(signal)}")
