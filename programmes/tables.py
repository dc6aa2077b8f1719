import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from atf_portal.core.labels import tag

from .models import Programme


def names(objects):
    return "; ".join(str(obj) for obj in objects)


class ProgrammeTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="Programme")
    theme = tables.Column(accessor="theme__number", verbose_name="Theme")
    # The related names are read from the lists Programme.objects.for_table() prefetches.
    boards = tables.Column(accessor="listed_boards", verbose_name="Accountable board", orderable=False,
                           empty_values=())
    ambitions = tables.Column(accessor="listed_ambitions", verbose_name="Headline ambitions", orderable=False,
                              empty_values=())
    indicators = tables.Column(accessor="listed_indicators", verbose_name="Beacon Indicators", orderable=False,
                               empty_values=())
    hcp_led = tables.BooleanColumn(verbose_name="HCP-led", yesno="Yes,No")
    status = tables.Column()
    latest_rag = tables.Column(verbose_name="Latest RAG", default="No update")
    # Long text is useful in the spreadsheet, too long for the screen.
    outline = tables.Column(visible=False)
    outcomes = tables.Column(visible=False)
    measures = tables.Column(visible=False)
    partners = tables.Column(accessor="listed_partners", visible=False, empty_values=(),
                             verbose_name="Leading and contributing partners")
    places = tables.Column(accessor="listed_places", visible=False, empty_values=(), verbose_name="Places covered")
    flags = tables.Column(verbose_name="Gap flags", orderable=False, empty_values=())

    class Meta:
        model = Programme
        fields = ["name", "theme", "boards", "ambitions", "indicators", "hcp_led", "status", "latest_rag"]
        attrs = {"class": "nhsuk-table programme-table"}
        empty_text = "No programmes match these filters."

    def __init__(self, *args, flags=None, **kwargs):
        # Flags are shown where the page has worked them out (the theme page): {programme pk: [Flag]}.
        self.flags = flags
        if flags is None:
            kwargs["exclude"] = [*kwargs.get("exclude", []), "flags"]
        super().__init__(*args, **kwargs)

    def render_flags(self, record):
        found = self.flags.get(record.pk, [])
        return "; ".join(flag.kind_label for flag in found) or "None"

    def render_latest_rag(self, record):
        return tag(record.latest_rag_colour, record.latest_rag_label)

    def value_latest_rag(self, record):
        return record.latest_rag_label or "No update"

    def render_boards(self, value):
        return names(value) or "Not given"

    def render_ambitions(self, value):
        return names(value) or "-"

    def render_indicators(self, value):
        return ", ".join(str(ind.number) for ind in value) or "None linked"

    def render_partners(self, value):
        if len(value) > 3:  # the full list is on the programme page and in the export
            return f"{names(value[:3])} and {len(value) - 3} more"
        return names(value) or "-"

    def value_partners(self, value):
        return names(value)

    def render_places(self, value):
        return names(value)

    def value_indicators(self, value):
        return names(value)


class ActionTable(tables.Table):
    number = tables.Column(verbose_name="No.")
    meeting_date = tables.DateColumn(format="j M Y", verbose_name="Meeting")
    agenda_item = tables.Column(verbose_name="Agenda item", default="-")
    text = tables.Column(verbose_name="Action")
    owner = tables.Column()
    due = tables.Column(empty_values=(), verbose_name="Due", orderable=False)
    status = tables.Column()
    overdue = tables.Column(empty_values=(), verbose_name="Overdue", orderable=False)
    notes = tables.Column(empty_values=(), verbose_name="Update notes", orderable=False)

    class Meta:
        attrs = {"class": "nhsuk-table action-table"}
        orderable = False
        empty_text = "No actions match these filters."

    def render_due(self, record):
        return f"{record.due_date:%d %b %Y}" if record.due_date else (record.due_text or "-")

    def value_due(self, record):
        return record.due_date.isoformat() if record.due_date else record.due_text

    def render_status(self, record, value):
        if getattr(record, "team_updated", True):
            return value
        return format_html('{}<div class="nhsuk-body-s nhsuk-u-margin-bottom-0">{}</div>', value,
                           "As recorded on 16 January 2024")

    def render_overdue(self, record):
        if record.overdue:
            return format_html('<strong class="nhsuk-tag nhsuk-tag--red">{}</strong>', "Overdue")
        return "No"

    def value_overdue(self, record):
        return "Overdue" if record.overdue else "No"

    def render_notes(self, record):
        """The latest note in full; earlier ones folded away (the export has them all)."""
        notes = [(n.date_text or n.date, n.text) for n in record.updates.all()]
        if not notes:
            return "-"
        latest = format_html("<div>{}: {}</div>", *notes[-1])
        if len(notes) == 1:
            return latest
        earlier = format_html_join("", "<div>{}: {}</div>", notes[:-1])
        return format_html('{}<details class="nhsuk-details nhsuk-u-margin-bottom-0"><summary class="nhsuk-details__'
                           'summary"><span class="nhsuk-details__summary-text">{} earlier note{}</span></summary>'
                           '<div class="nhsuk-details__text">{}</div></details>',
                           latest, len(notes) - 1, "s" if len(notes) > 2 else "", earlier)

    def value_notes(self, record):
        return "\n".join(f"{n.date_text or n.date}: {n.text}" for n in record.updates.all())
