"""Reference facts about the Beacon Indicators that bootstrap seeds: their Fingertips IDs and true sources, and the
questions the documents leave open about the set.

Kept apart from atf_portal/seed/bootstrap.py (which calls `seed_sources` with one line) so the indicator facts
live with the indicators. Like bootstrap, it never overwrites what the team has set.
"""

from django.db import transaction

from .models import Indicator, IndicatorDecision, IndicatorSetReview

SEEDED_REASON = "Fingertips ID and data source seeded from the portal's reading of public sources"


@transaction.atomic
def seed_sources(rows):
    """Set each indicator's Fingertips ID (with whether it is confirmed and why) and its data source from the
    fixture rows, only where the indicator's field is blank. An ID the team once set and later cleared stays
    cleared (its history shows it), and an ID another indicator already holds is left alone. Returns how many
    indicators changed."""
    indicators = {indicator.number: indicator for indicator in Indicator.objects.all()}
    taken = {indicator.fingertips_id for indicator in indicators.values() if indicator.fingertips_id}
    once_set = set(Indicator.history.filter(fingertips_id__isnull=False).values_list("id", flat=True))
    changed = 0
    for row in rows:
        indicator = indicators.get(row["number"])
        if indicator is None:
            continue
        fields = []
        wanted = row.get("fingertips_id")
        if wanted and indicator.fingertips_id is None and indicator.pk not in once_set and wanted not in taken:
            indicator.fingertips_id = wanted
            indicator.fingertips_id_confirmed = row.get("fingertips_id_confirmed", True)
            taken.add(wanted)
            fields += ["fingertips_id", "fingertips_id_confirmed"]
        withdrawn = row.get("withdrawn", {}).get("fingertips_id_note")
        if withdrawn and indicator.fingertips_id_note == withdrawn and indicator.fingertips_id == wanted:
            # The seeded note called the ID settled where it is an open choice: corrected while still as seeded.
            indicator.fingertips_id_note = row["fingertips_id_note"]
            indicator.fingertips_id_confirmed = row["fingertips_id_confirmed"]
            fields += ["fingertips_id_note", "fingertips_id_confirmed"]
        for name in ("fingertips_id_note", "data_source"):
            if row.get(name) and not getattr(indicator, name):
                setattr(indicator, name, row[name])
                fields.append(name)
        if fields:
            indicator._change_reason = SEEDED_REASON
            indicator.save()
            changed += 1
    return changed


QUESTION_REASON = "Open question seeded from the documents"


@transaction.atomic
def seed_questions(data):
    """The set's review cycle and the questions the documents leave open, as open questions (never as answers).
    A question is created once per indicator and source; one the team has since decided or deleted is not
    asked again. Returns how many were created."""
    review = data["review"]
    if not IndicatorSetReview.objects.exists():
        IndicatorSetReview.objects.create(**review)
    indicators = {indicator.number: indicator for indicator in Indicator.objects.all()}
    asked = set(IndicatorDecision.history.values_list("indicator_id", "source"))
    created = 0
    for row in data["questions"]:
        for number in row["indicators"]:
            indicator = indicators.get(number)
            if indicator is None or (indicator.pk, row["source"]) in asked:
                continue
            question = IndicatorDecision(indicator=indicator, question=row["question"], source=row["source"])
            question._change_reason = QUESTION_REASON
            question.save()
            created += 1
    return created
