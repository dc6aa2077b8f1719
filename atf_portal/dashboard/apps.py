from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The pages that join the domain apps: home, theme, board, Place and gap flags; its models hold what the
    business team records about the flags and the boards' meeting dates."""

    name = "atf_portal.dashboard"
    label = "dashboard"

    def ready(self):
        from . import anchor_gaps, coherence_gaps, evidence_gaps, plan_gaps, prevention_gaps, progress_gaps  # noqa: F401  register their rules in the gap registry
