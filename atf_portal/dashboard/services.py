"""Small joins the dashboard pages share."""

from django.db.models import Count, Q

from atf_portal.framework.models import Theme


def themes_with_programme_counts():
    return Theme.objects.annotate(
        programme_count=Count("programmes", distinct=True),
        hcp_led_count=Count("programmes", filter=Q(programmes__hcp_led=True), distinct=True),
    )


def any_illustrative(indicators):
    """Whether a page showing these indicators (loaded `with_summary`) must carry the illustrative-data banner."""
    return any(indicator.summary and indicator.summary.illustrative for indicator in indicators)
