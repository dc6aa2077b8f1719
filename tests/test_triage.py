"""Gap flags triaged: each kind's severity and owner, acknowledgements, and what each person acts on."""

from atf_portal.dashboard import gaps
from atf_portal.dashboard.gaps import GapKind, Owner, Severity


def test_every_registered_kind_declares_a_severity_and_an_owner():
    assert gaps.RULES
    assert gaps.undeclared() == []
    assert {found.severity for found in gaps.RULES.values()} <= set(Severity)
    assert {found.owner for found in gaps.RULES.values()} <= set(Owner)


def test_a_kind_registered_without_a_severity_or_owner_is_named(monkeypatch):
    monkeypatch.setattr(gaps, "RULES", dict(gaps.RULES))
    gaps.rule(GapKind.STOCKTAKE_MISSING, "stocktake-coverage", "stocktake-upload")(lambda scope: [])
    gaps.rule(GapKind.THEME_ONE_LEVEL, "theme-detail", "stocktake-upload", severity=Severity.NOTE)(lambda scope: [])
    assert set(gaps.undeclared()) == {GapKind.STOCKTAKE_MISSING, GapKind.THEME_ONE_LEVEL}
