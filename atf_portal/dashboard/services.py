"""Small helpers the dashboard pages share."""


def any_illustrative(indicators):
    """Whether a page showing these indicators (loaded `with_summary`) must carry the illustrative-data banner."""
    return any(indicator.summary and indicator.summary.illustrative for indicator in indicators)
