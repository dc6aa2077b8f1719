"""The prevention return's working categories: the eight Marmot themes' titles. The documents define no categories
for prevention spend, so each is marked as the portal's working category, for the business team to change."""

from atf_portal.framework.models import Theme
from programmes.prevention.models import Category


def load_categories():
    """Create the working categories once (none yet); return how many were created."""
    if Category.objects.exists():
        return 0
    Category.objects.bulk_create(Category(name=f"Theme {t.number}: {t.title}", order=t.number, is_working=True)
                                 for t in Theme.objects.order_by("number"))
    return Category.objects.count()
