"""Sign-in with an organisation account (OpenID Connect, mozilla-django-oidc), beside password sign-in.

A person is matched to their existing portal account by the email address their organisation vouches for
(`email_verified`); an address no account has is refused with a message saying whom to ask. Signing in never
creates an account or grants a role: the business team does both, in the admin. The ID token's signature (the
provider's published keys), expiry, issuer, audience and nonce are checked, and the state on the way back.
Off unless OIDC_CLIENT_ID is set: then both addresses answer 404.
"""

import logging

import jwt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger("atf_portal.oidc")
ASK = "Ask the HCP business team to add your organisation email address to your portal account."


class OrganisationAccountBackend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)  # signature, expiry and nonce
        except jwt.InvalidTokenError as exc:  # expired, or not yet valid: a refusal, not a fault of the portal
            raise SuspiciousOperation(f"The ID token was refused: {exc}") from None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.OIDC_ISSUER or self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another issuer or client.")
        return payload

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        users = get_user_model().objects.none()
        if not email:
            self.refuse(f"Your organisation did not send an email address. {ASK}")
        elif settings.OIDC_REQUIRE_VERIFIED_EMAIL and claims.get("email_verified") is not True:
            self.refuse(f"Your organisation did not confirm the email address {email}. {ASK}")
        else:
            users = get_user_model().objects.filter(email__iexact=email, is_active=True)
            if len(users) != 1:
                self.refuse(f"No portal account has the email address {email}. {ASK} Roles are given by the "
                            "business team, never by signing in.")
                users = users.none()
        return users

    def create_user(self, claims):
        return None  # accounts are made by the business team only

    def update_user(self, user, claims):
        return user  # the portal's account is the business team's; nothing is copied from the provider

    def refuse(self, reason):
        logger.info("organisation sign-in refused: %s", reason)
        self.request.organisation_sign_in_refused = reason


class CallbackView(OIDCAuthenticationCallbackView):
    def login_failure(self):
        reason = getattr(self.request, "organisation_sign_in_refused", "")
        messages.error(self.request, reason or "Signing in with your organisation account did not work. Try again, "
                                               "or sign in with your portal password.")
        return redirect("login")


def when_configured(view):
    """The view while organisation sign-in is configured; 404 otherwise (its views read their settings at once)."""

    def answer(request):
        if not settings.ORGANISATION_SIGN_IN:
            raise Http404
        return view(request)

    return answer


sign_in = login_not_required(when_configured(OIDCAuthenticationRequestView.as_view()))
callback = login_not_required(when_configured(CallbackView.as_view()))
