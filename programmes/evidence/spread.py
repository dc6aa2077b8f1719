"""Spread: for a record that recommends scaling up, where each programme it assessed runs and where it does not.

"Runs" is the programme's own Places, as the delivery plan names them; a programme naming none is said to name
none, not to run everywhere. Beside each Place, the current stocktake activities it recorded under the programme's
theme: related work there, not the programme itself, and labelled so. The stocktake is read through the Places'
reverse relation, as programmes and stocktake are siblings that do not import each other.
"""

from django.db.models import Count, Q

from places.models import Area

from .models import Recommends

THEME_ROW = "theme"  # the stocktake's row kind for a Marmot theme (stocktake.models.Activity.RowKind.THEME)


def spread(record):
    """[(programme, names_places, [(place, runs, activities under its theme)])], or [] unless it says scale up."""
    if record.recommends != Recommends.SCALE_UP:
        return []
    rows = []
    for programme in record.programmes.select_related("theme").prefetch_related("places"):
        runs = {place.pk for place in programme.places.all()}
        under_theme = Q(activities__is_current=True, activities__row_kind=THEME_ROW,
                        activities__row_number=programme.theme.number)
        places = Area.objects.places().annotate(activities_here=Count("activities", filter=under_theme))
        rows.append((programme, bool(runs), [(place, place.pk in runs, place.activities_here) for place in places]))
    return rows
