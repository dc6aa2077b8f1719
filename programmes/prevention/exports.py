"""/prevention/'s download: one row per organisation and year with an approved return, then the partnership's."""

from .commitment import READINGS


def _verdict(judgement):
    if judgement is None:
        return "Not judged"
    return "On track" if judgement.on_track else "Off track"


def table(context):
    tracked = [reading for reading, _ in context["tracked"]]
    header = ["Organisation", "Financial year", "Total budget in scope (£)", "Amount to prevention (£)", "Share (%)",
              *[f"Against the line: {READINGS[r].lower()}" for r in tracked]]
    rows = []
    for line in context["lines"]:
        for year, (ret, judgements) in zip(context["years"], line.cells, strict=True):
            if ret is not None:
                rows.append([line.organisation.name, year.name, ret.total_budget, ret.prevention_amount,
                             round(ret.share * 100, 2) if ret.share is not None else None,
                             *[_verdict(judgements[r]) for r in tracked]])
    for year in context["years"]:
        if year.returns:
            rows.append([f"The partnership (pooled, {year.coverage.reporting} of {year.coverage.members} members)",
                         year.name, year.budget, year.amount,
                         round(year.share * 100, 2) if year.share is not None else None,
                         *[_verdict(year.judgements[r]) for r in tracked]])
    return header, rows
