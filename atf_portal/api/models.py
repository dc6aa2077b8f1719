"""Personal API tokens: created and revoked by their owner, stored only as a hash, shown once.

A token stands for its owner and nothing more: the API asks the same access rules of it as the pages ask of the
owner (atf_portal/core/access.py), and it is read-only because the API is.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "atf_"


def digest(key):
    """A token key is 256 random bits, so a plain SHA-256 is enough: there is nothing to guess by brute force."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. \"Power BI report\".")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_start = models.CharField(max_length=12, editable=False, help_text="The key's first characters, to tell "
                                 "tokens apart.")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.key_start}...)"

    @classmethod
    def issue(cls, user, name):
        """A new token for user; returns (token, key): the key exists only here, it is never stored."""
        key = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=digest(key), key_start=key[:12])
        return token, key

    @classmethod
    def owner_of(cls, key):
        """The active token with this key, with its user, or None."""
        return cls.objects.active().select_related("user").filter(key_hash=digest(key)).first()

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
