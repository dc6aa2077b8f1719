"""How a label is shown: an NHS.UK tag, a colour and, always, the words (colour never carries meaning alone).

The words and colours themselves live beside their choices: `indicators.statistics.labels` (every judgement),
`Indicator.Status`, `Programme.Status`, `Milestone.Status`, `ProgressUpdate.Rag`.
"""

from django.utils.html import format_html


def tag(colour, label):
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, label) if label else ""
