"""Shared abstract models. atf_portal is not an app, so nothing here gets a table of its own."""

from django.conf import settings
from django.db import models


class UploadQuerySet(models.QuerySet):
    """Who sees which upload: a preview is its uploader's own until it is imported; then everyone may read it."""

    def previews_of(self, user):
        return self.filter(uploaded_by=user, status=UploadRecord.Status.PREVIEWED)

    def visible_to(self, user):
        return self.filter(models.Q(status=UploadRecord.Status.IMPORTED) | models.Q(uploaded_by=user))


class UploadRecord(models.Model):
    """A file someone uploaded: kept for audit, checked and previewed before it is imported."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed, not imported"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed, nothing imported"

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    # Held only between preview and confirmation, then cleared.
    content = models.BinaryField(null=True, editable=False)
    summary = models.JSONField(default=dict, blank=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display().lower()}, {self.uploaded_at:%d %b %Y %H:%M})"
