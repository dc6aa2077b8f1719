"""What works on a programme's page: one include line in its template, the reads here."""

from django import template

from ..models import EvidenceRecord, ExpectedEvidence
from ..tables import verdict_tag

register = template.Library()


@register.inclusion_tag("evidence/_what_works.html")
def what_works(programme):
    """Nothing here depends on who reads it: the programme page is cached for everyone with the same permissions."""
    records = list(EvidenceRecord.objects.shown().filter(programmes=programme).distinct())
    for record in records:
        record.verdict_tag = verdict_tag(record)
    awaited = ExpectedEvidence.objects.filter(programme=programme).with_met().filter(met=False)
    return {"programme": programme, "records": records, "awaited": list(awaited)}
