import django_tables2 as tables

from atf_portal.core.labels import tag

from .models import EvidenceRecord, Verdict

# Every verdict is a tag with its words; none is hidden or softened, so a failure reads as plainly as a success.
VERDICT_COLOURS = {Verdict.WORKED: "green", Verdict.MIXED: "yellow", Verdict.DID_NOT_WORK: "red",
                   Verdict.TOO_EARLY: "grey"}


def verdict_tag(record):
    if not record.verdict:
        return "No verdict recorded"
    return tag(VERDICT_COLOURS[record.verdict], record.get_verdict_display())


def names(related, label=str):
    return "; ".join(label(obj) for obj in related.all())


class EvidenceTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name="Evidence")
    kind = tables.Column()
    verdict = tables.Column(empty_values=())
    recommends = tables.Column(verbose_name="Recommends", default="Nothing stated")
    recommendations = tables.Column(verbose_name="Recommendations", orderable=False, empty_values=())
    places = tables.Column(verbose_name="Places", orderable=False, empty_values=())
    done_on = tables.DateColumn(verbose_name="When", format="M Y", default="Not given")
    # Long text and the figures: for the spreadsheet, too long for the screen.
    programmes = tables.Column(visible=False, empty_values=())
    indicators = tables.Column(visible=False, empty_values=(), verbose_name="Beacon Indicators")
    done_by = tables.Column(visible=False, verbose_name="Who did it")
    method = tables.Column(visible=False)
    findings = tables.Column(visible=False)
    spend = tables.Column(visible=False, verbose_name="Spend (£)")
    outcome_figures = tables.Column(visible=False)
    source = tables.Column(visible=False, verbose_name="Document and line")

    class Meta:
        model = EvidenceRecord
        fields = ["title", "kind", "verdict", "recommends", "recommendations", "places", "done_on"]
        attrs = {"class": "nhsuk-table"}
        empty_text = "No evidence matches these filters."

    def render_verdict(self, record):
        return verdict_tag(record)

    def value_verdict(self, record):
        return record.get_verdict_display() or "No verdict recorded"

    def render_recommendations(self, record):
        return names(record.recommendations, lambda r: r.reference) or "None"

    def render_places(self, record):
        return names(record.places) or "None"

    def render_programmes(self, record):
        return names(record.programmes)

    def render_indicators(self, record):
        return names(record.indicators, lambda i: str(i.number))
