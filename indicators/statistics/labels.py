"""The judgements the portal makes, as label choices: each label's words (as stored in a summary and as Fingertips
writes them) and the NHS.UK tag colour it is shown in, as Fingertips colours them (better green, similar amber,
worse red). The statistics return these; the pages draw any of them with one tag filter.

Pure Python, like the rest of `statistics`.
"""

import enum


def normalise(label):
    """Fingertips' and the portal's labels in one form: "Increasing & getting better" is "increasing and getting
    better", "Better 95%" is "better", "Could not be calculated" is "cannot be calculated"."""
    text = " ".join((label or "").replace("&", "and").lower().split())
    for suffix in (" 95%", " 99.8%", " 95.0%", " (fingertips)"):
        text = text.removesuffix(suffix)
    return {"could not be calculated": "cannot be calculated", "not calculated": "cannot be calculated"}.get(
        text, text)


class Label(enum.StrEnum):
    """A label choice: its value is its words, `colour` its tag's colour. Words that match no choice once
    normalised (a label Fingertips published that the portal never writes) are kept as given, in grey, rather
    than turned into a judgement nobody made."""

    def __new__(cls, words, colour="grey"):
        member = str.__new__(cls, words)
        member._value_ = words
        member.colour = colour
        return member

    @property
    def label(self):
        return self.value

    @classmethod
    def _missing_(cls, value):
        wanted = normalise(str(value))
        found = next((member for member in cls if normalise(member.value) == wanted), None)
        if found is not None or not isinstance(value, str):
            return found
        unknown = str.__new__(cls, value)
        unknown._value_, unknown._name_, unknown.colour = value, "UNKNOWN", "grey"
        return unknown

    @classmethod
    def read(cls, words):
        """The choice for stored words (None for none)."""
        return cls(words) if words else None


class Comparison(Label):
    """An area against a comparator (England, the North West, a Place's overall figure)."""

    BETTER = "Better", "green"
    SIMILAR = "Similar", "yellow"
    WORSE = "Worse", "red"
    HIGHER = "Higher", "blue"
    LOWER = "Lower", "aqua-green"
    NOT_COMPARED = "Not compared"

    def against(self, comparator):
        """The label as a phrase about a comparator: "worse than England", but "similar to England" and "not
        compared with England" (a phrase built as "<label> than" read "similar than England")."""
        joining = {"Similar": "to", "Not compared": "with"}.get(self.value, "than")
        return f"{self.value.lower()} {joining} {comparator}"


class Trend(Label):
    """A recent trend over the latest five periods."""

    INCREASING_BETTER = "Increasing and getting better", "green"
    INCREASING_WORSE = "Increasing and getting worse", "red"
    DECREASING_BETTER = "Decreasing and getting better", "green"
    DECREASING_WORSE = "Decreasing and getting worse", "red"
    INCREASING = "Increasing"
    DECREASING = "Decreasing"
    NO_SIGNIFICANT_CHANGE = "No significant change"
    CANNOT_BE_CALCULATED = "Cannot be calculated"


class Change(Label):
    """Change since the baseline; coloured only when significant (the tag filter greys an untested one)."""

    BETTER = "Better", "green"
    WORSE = "Worse", "red"
    HIGHER = "Higher", "blue"
    LOWER = "Lower", "aqua-green"
    NO_SIGNIFICANT_CHANGE = "No significant change"
    NO_CHANGE = "No change"
    CANNOT_BE_JUDGED = "Cannot be judged"


class Trajectory(Label):
    """An area against its target's straight line from the baseline."""

    ON = "On trajectory", "green"
    OFF = "Off trajectory", "red"
    NOT_JUDGED = "Not judged"


class GapChange(Label):
    """Whether a gap within a Place widened: a widening gap between the most and least deprived is always worse."""

    WIDENING = "Widening", "red"
    NARROWING = "Narrowing", "green"
    NO_SIGNIFICANT_CHANGE = "No significant change"
    CANNOT_BE_CALCULATED = "Cannot be calculated"
