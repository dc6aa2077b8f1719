from django.conf import settings
from django.urls import reverse

from atf_portal.core.access import access_of

# (label, URL name, other path prefixes that belong to the section)
SECTIONS = [
    ("Themes", "home", ("/themes/", "/places/")),
    ("Framework", "framework", ()),
    ("Programmes", "programme-list", ("/boards/",)),
    ("Monitoring", "monitoring", ("/actions/",)),
    ("Beacon Indicators", "indicator-list", ()),
    ("Stocktake", "stocktake-coverage", ()),
    ("Coherence", "coherence", ()),
    ("Gaps", "gap-list", ()),
    ("Reporting", "reporting-home", ()),
]


def access(request):
    """Who is asking, for templates: `access.is_business_team` and the rest, each read from the database only if
    a template asks, and then once per request."""
    return {"access": access_of(request.user)}


def display(request):
    return {"system_font": settings.NHSUK_SYSTEM_FONT, "organisation_sign_in": settings.ORGANISATION_SIGN_IN}


def navigation(request):
    """The header's menu, with the section of the current page marked."""
    if not request.user.is_authenticated:
        return {}
    items = []
    for label, url_name, prefixes in SECTIONS:
        url = reverse(url_name)
        in_section = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "current": in_section or request.path.startswith(prefixes)})
    return {"navigation": items}
