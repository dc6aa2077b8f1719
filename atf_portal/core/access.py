"""Who someone is in the portal, worked out once per request: one `Access` for the request's user.

`AccessMiddleware` gives the request's user object its Access, and every rule handed only that user
(places/access.py, programmes/reporting/access.py, services, templates) finds it there: each fact costs at most
one query per request however many rows a page or an upload checks. Any other user object (a command, a test, a
service called with a user loaded elsewhere) gets a fresh Access on every call, so it never reads roles that were
changed since. The object-level rules ("a lead acts only for their own Place", "a lead reports only on their own
programme") stay in those two modules, built on this.

`access_of(None)` is the command line: no user, no roles; the rules above decide what the command line may do.
"""

from functools import cached_property

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils.functional import SimpleLazyObject

from .roles import BUSINESS_TEAM, READ_PORTAL

ATTRIBUTE = "_atf_access"


class Access:
    def __init__(self, user):
        self.user = user
        self._ties = {}

    @cached_property
    def signed_in(self):
        return self.user is not None and self.user.is_authenticated

    @cached_property
    def is_business_team(self):
        """The one definition: a member of the business team's group, or a superuser."""
        if not self.signed_in:
            return False
        return self.user.is_superuser or self.user.groups.filter(name=BUSINESS_TEAM).exists()

    @cached_property
    def reads_portal(self):
        """The one definition of reading the portal's pages: every role's group grants it; an outsider lacks it."""
        return self.signed_in and self.user.has_perm(READ_PORTAL)

    @cached_property
    def place_lead(self):
        """The user's PlaceLead row with its Place (one query), or None. Read through the user's reverse relation,
        so this bottom layer names no model above it."""
        if not self.signed_in:
            return None
        relation = self.user._meta.get_field("place_lead")
        return relation.related_model.objects.select_related("place").filter(user=self.user).first()

    def respondent_ids(self, tie_model):
        """The ids of what the admin ties this user to through `tie_model` (a return kind's lead tie, passed in so
        this bottom layer names no model above it): one query per tie model per request."""
        if not self.signed_in:
            return frozenset()
        if tie_model not in self._ties:
            column = tie_model.respondent_field + "_id"
            self._ties[tie_model] = frozenset(tie_model.objects.filter(user=self.user).values_list(column, flat=True))
        return self._ties[tie_model]

    @cached_property
    def led_programme_ids(self):
        """The ids of the programmes the admin ties this user to as their lead (one query)."""
        if not self.signed_in:
            return frozenset()
        return self.respondent_ids(self.user._meta.get_field("programmelead_ties").related_model)


def access_of(user):
    """The request's Access for the request's user; a fresh one for any other user object or None."""
    found = getattr(user, ATTRIBUTE, None)
    return found if found is not None else Access(user)


def _with_access(user):
    setattr(user, ATTRIBUTE, Access(user))
    return user


class AccessMiddleware:
    """After AuthenticationMiddleware: the user is still loaded only when the request first asks for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.user = SimpleLazyObject(lambda: _with_access(user))
        return self.get_response(request)


class ReadPortalMixin(PermissionRequiredMixin):
    """Every page that only reads the portal: open to every role, refused to an outsider, sign-in for anyone else."""

    def has_permission(self):
        return access_of(self.request.user).reads_portal


class BusinessTeamMixin(PermissionRequiredMixin):
    """Pages only the business team opens (deciding suggestions): the one definition, not a permission's name."""

    def has_permission(self):
        return access_of(self.request.user).is_business_team
