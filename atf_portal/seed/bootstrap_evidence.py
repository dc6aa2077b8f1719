"""What works, from the documents: the case studies of 000 as evidence records, and the assessments and evaluations
the documents ask for or await (fixtures/expected_evidence.json), each with its lines.

Only ever creates. A row loaded before (its history shows it) is left as the team has it, or left deleted. The case
studies carry no verdict: the documents give none.
"""

from atf_portal.framework.models import MarmotRecommendation
from places.models import Area
from programmes.evidence.models import EvidenceRecord, ExpectedEvidence, Kind
from programmes.models import Programme


def load_case_studies(items):
    """One record per case study never loaded before; returns how many."""
    ever = set(EvidenceRecord.history.filter(kind=Kind.CASE_STUDY).values_list("source", flat=True))
    loaded = 0
    for item in items:
        if item["source"] in ever:
            continue
        lead = f'{item["organisation"]} ({item["organisation_source"]})' if item["organisation"] else ""
        record = EvidenceRecord.objects.create(kind=Kind.CASE_STUDY, title=item["title"], findings=item["summary"],
                                               done_by=lead, source=item["source"])
        record.places.set(Area.objects.places().filter(name__istartswith=item["place"]))
        loaded += 1
    return loaded


def load_expected(items):
    """One row per expectation never loaded before (by its line and what it asks); returns how many."""
    ever = set(ExpectedEvidence.history.values_list("source", "what"))
    recommendations = {r.reference: r for r in MarmotRecommendation.objects.select_related("theme")}
    loaded = 0
    for item in items:
        if (item["source"], item["what"]) in ever:
            continue
        ExpectedEvidence.objects.create(
            why=item["why"], what=item["what"], quote=item["quote"], source=item["source"],
            recommendation=recommendations.get(item.get("recommendation")),
            place=Area.objects.places().filter(name=item["place"]).first() if "place" in item else None,
            programme=Programme.objects.filter(source_ref=item["programme"]).first() if "programme" in item else None)
        loaded += 1
    return loaded
