"""Figures an indicator takes from a higher layer, which this app must not import: the anchor institutions'
evidence returns (programmes/anchors) for indicators 12, 20 and 21. The app that holds the figures registers a
provider when it is ready; the indicator page includes the template the provider names, with what it returns.
"""

_providers = {}


def provide(number, template_name, figure):
    """`figure(number)` returns a dict for `template_name` (it says itself whether the indicator is live)."""
    _providers[number] = (template_name, figure)


def figure_for(number):
    """{"template": ..., **the provider's figure}, or None when no other app provides this indicator."""
    if number not in _providers:
        return None
    template_name, figure = _providers[number]
    return {"template": template_name, **figure(number)}
