from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """What works: evaluations, health equity assessments, case studies and practice notes, on the return engine."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes.evidence"
    label = "evidence"
    verbose_name = "Evidence: what works"

    def ready(self):
        from atf_portal.returns import kinds

        from .kind import EVIDENCE

        kinds.register(EVIDENCE)
