"""The plan's own quantified aims as proposed structured measures, each quoting its words and line, for the
business team to agree. Created once: a measure the team deleted is not proposed again."""

from programmes.models import Programme
from programmes.reporting.models import Measure

PROPOSED_REASON = "Proposed from the plan's own words"


def propose_measures(rows):
    """Create the measures never proposed before; return how many."""
    programmes = Programme.objects.in_bulk({row["ref"] for row in rows}, field_name="source_ref")
    proposed = set(Measure.history.values_list("programme_id", "source", "what"))
    created = 0
    for row in rows:
        programme = programmes.get(row["ref"])
        if programme is None or (programme.pk, row["source"], row["what"]) in proposed:
            continue
        measure = Measure(programme=programme, state=Measure.State.PROPOSED,
                          **{k: row[k] for k in ("what", "unit", "direction", "target_value", "target_date", "source",
                                                  "source_text")})
        measure._change_reason = PROPOSED_REASON
        measure.save()
        created += 1
    return created
