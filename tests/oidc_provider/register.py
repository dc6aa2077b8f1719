"""Run in the provider's process (`shell`), with PORTAL_CALLBACK set: two staff accounts, and the portal as a client."""

import os

from django.contrib.auth.models import User
from oidc_provider.models import Client, ResponseType

portal_callback = os.environ["PORTAL_CALLBACK"]
for email in ("board@example.nhs.uk", "unknown@example.nhs.uk"):
    User.objects.create_user(username=email, email=email, password="organisation-password")
client = Client.objects.create(name="ATF Portal", client_type="confidential", client_id="atf-portal",
                               client_secret="portal-secret", jwt_alg="RS256", require_consent=False)
client.redirect_uris = [portal_callback]
client.save()
client.response_types.add(ResponseType.objects.get(value="code"))
