"""A return's answers in the form's order and words, for its page, the Assembly pack and the pack's XLSX."""

from .forms import BANDS, EvidenceForm

FIELDS = [name for name in EvidenceForm.base_fields]


def answers(ret):
    """[(question, answer in words)] for every question the return was asked (the NHS Prevention Pledge only of
    NHS providers), then its pay bands."""
    rows = []
    for name in FIELDS:
        if name == "prevention_pledge" and not ret.organisation.is_nhs_provider:
            continue
        rows.append((EvidenceForm.base_fields[name].label, words(getattr(ret, name))))
    for row in ret.minority_by_band[:BANDS]:
        rows.append((f"Pay band or level {row['band']}: Black, Asian and minority ethnic employees, of all",
                     f"{row['minority']:g} of {row['all']:g}"))
    return rows


def words(value):
    if value is None or value == "":
        return "Not answered"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def table(returns):
    """(header, rows) for the XLSX: one row per organisation, one column per question."""
    header = ["Organisation", "Meeting", "State", *[EvidenceForm.base_fields[name].label for name in FIELDS],
              "Pay bands (band: minority of all)"]
    rows = []
    for ret in returns:
        bands = "; ".join(f"{r['band']}: {r['minority']:g} of {r['all']:g}" for r in ret.minority_by_band)
        rows.append([ret.organisation.name, ret.period.name, ret.get_state_display(),
                     *[words(getattr(ret, name)) for name in FIELDS], bands])
    return header, rows
