"""The portal's five roles, as Django groups with model permissions.

Kept in code so every install (and every test database) gets the same definition; `bootstrap` applies it.
"""

from django.contrib.auth.models import Group, Permission

BUSINESS_TEAM = "HCP business team"
BOARD_MEMBERS = "Board members"
MARMOT_LEADS = "Marmot leads"
PROGRAMME_LEADS = "Programme leads"
ANCHOR_LEADS = "Anchor leads"
FINANCE_LEADS = "Finance leads"

# Reading the dashboards: every role may view the framework they are built on.
READ_PORTAL = "framework.view_theme"

# Reference data and programmes: the business team maintains them, everyone signed in may read them.
MAINTAINED_APPS = ["places", "framework", "programmes", "reporting", "anchors", "plans", "prevention", "evidence",
                   "indicators", "stocktake", "outcomes", "dashboard"]
MAINTAINED_EXCLUDE = {"placelead"}

ROLE_ACTIONS = {
    BUSINESS_TEAM: {"add", "change", "view"},
    BOARD_MEMBERS: {"view"},
    MARMOT_LEADS: {"view"},
    # Read like board members; report on the programmes the admin ties them to (programmes/reporting/access.py).
    PROGRAMME_LEADS: {"view"},
    # Read like board members; return evidence for the organisations the admin ties them to
    # (programmes/anchors/access.py).
    ANCHOR_LEADS: {"view"},
    # Read like board members; return prevention investment for the organisations the admin ties them to
    # (programmes/prevention/access.py).
    FINANCE_LEADS: {"view"},
}


EXTRA = {
    # Marmot leads upload their Place's stocktake return (places/access.py keeps them to their own Place).
    MARMOT_LEADS: [("stocktake", "add_stocktakeupload")],
    # The business team sees failed sign-ins and unlocks an account by deleting its attempts (django-axes).
    BUSINESS_TEAM: [("axes", "view_accessattempt"), ("axes", "delete_accessattempt"),
                    ("axes", "view_accessfailurelog")],
}


def ensure_roles():
    """Create the groups and add any permission they lack; never removes what an administrator granted."""
    perms = Permission.objects.filter(content_type__app_label__in=MAINTAINED_APPS).select_related("content_type")
    for name, actions in ROLE_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            p for p in perms
            if p.codename.split("_", 1)[0] in actions
            and p.content_type.model not in MAINTAINED_EXCLUDE
        ]
        group.permissions.add(*wanted)
        for app_label, codename in EXTRA.get(name, []):
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))
