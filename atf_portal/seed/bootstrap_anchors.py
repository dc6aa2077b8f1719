"""The Anchor Framework's 21 signatories (002:684-708) and the Anchor Assembly (002:722), nothing else about them.

Only ever creates. A signatory is marked once, with its lines; an organisation the team has since edited, or
deleted, keeps what the team did, because its history shows it was loaded before. The Assembly's meetings are
the team's to record: the document dates the first, 12 July, with no year (002:724).
"""

from programmes.anchors.models import ASSEMBLY_SLUG
from programmes.models import Board, Organisation

SIGNATORIES_REASON = "Loaded from the Anchor Framework signatories, 002:684-708"


def load_signatories(data):
    """Mark each signatory never loaded before (creating the organisation when it is new); return how many."""
    ever_loaded = set(Organisation.history.filter(history_change_reason=SIGNATORIES_REASON)
                      .values_list("name", flat=True))
    loaded = 0
    for row in data["signatories"]:
        if row["name"] in ever_loaded:
            continue
        organisation = Organisation.objects.filter(name=row["name"]).first() or Organisation(name=row["name"])
        organisation.anchor_signatory = True
        organisation.signatory_source = row["source"]
        organisation._change_reason = SIGNATORIES_REASON
        organisation.save()
        loaded += 1
    return loaded


def load_assembly(data):
    """The Anchor Assembly as a body; returns 1 when it was created."""
    row = data["assembly"]
    _, created = Board.objects.get_or_create(slug=ASSEMBLY_SLUG, defaults={
        "name": row["name"], "source": row["source"], "note": row["note"]})
    return int(created)
