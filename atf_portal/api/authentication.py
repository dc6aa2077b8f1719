"""The API's authentication: a personal token in the Authorization header (`Token <key>` or `Bearer <key>`),
checked against its hash; DRF's own authtoken keeps keys in clear, so it is not used."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken

SCHEMES = (b"token", b"bearer")


class HashedTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in SCHEMES:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the word Token, with no spaces in it.")
        token = ApiToken.owner_of(parts[1].decode("latin-1"))
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token is not valid: it may have been revoked.")
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = HashedTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (Authorization: Token "
                "<key> or Bearer <key>), created on the portal's API tokens page."}
