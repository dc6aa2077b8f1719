from django.conf import settings
from django.db import models
from django.urls import reverse

from atf_portal.core.text import lines

ENGLAND = "E92000001"
NORTH_WEST = "E12000002"
CHESHIRE_AND_MERSEYSIDE = "E54000008"


class AreaQuerySet(models.QuerySet):
    def places(self):
        return self.filter(kind=Area.Kind.PLACE)

    def comparators(self):
        return self.exclude(kind=Area.Kind.PLACE)

    def levels(self):
        """The levels the stocktake records activity at: the ICS, the two sub-regions and the nine Places."""
        return self.filter(kind__in=Area.LEVEL_KINDS)

    def portal(self):
        """The areas the portal's pages show: the nine Places, their sub-regions, C&M, England and the North West
        (not the other English areas a national Fingertips file brings, which are kept for England's distribution)."""
        return self.filter(
            models.Q(kind__in=[Area.Kind.PLACE, Area.Kind.SUBREGION, Area.Kind.ICS, Area.Kind.COUNTRY])
            | models.Q(code=NORTH_WEST)
        )


class Area(models.Model):
    """One geography that indicator values and stocktake activity can hang off.

    The nine Places (local authorities) and the aggregates they are compared with or report at.
    """

    # The kinds whose values make up England's distribution of upper-tier local authorities (the Places are ones).
    UPPER_TIER = ("place", "utla")

    class Kind(models.TextChoices):
        PLACE = "place", "Place (local authority)"
        SUBREGION = "subregion", "Sub-region"
        ICS = "ics", "Integrated care system"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"
        # Kept from national Fingertips files, to place each Place in England's distribution.
        UTLA = "utla", "Upper-tier local authority (elsewhere in England)"
        ICB = "icb", "Integrated care board (elsewhere in England)"
        OTHER = "other", "Other area from a Fingertips file"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    code = models.CharField(
        "ONS code", max_length=9, unique=True, null=True, blank=True,
        help_text="Blank where the area has no ONS code of its own (Cheshire and Warrington).",
    )
    LEVEL_KINDS = (Kind.ICS, Kind.SUBREGION, Kind.PLACE)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text="For a Place, its sub-region.",
    )
    aliases = models.TextField(blank=True, help_text="Other spellings seen in returns, one per line.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("place-detail", args=[self.slug])

    @property
    def is_place(self):
        return self.kind == self.Kind.PLACE

    @property
    def is_level(self):
        """One of `AreaQuerySet.levels()`, for a page that has read the areas already."""
        return self.kind in self.LEVEL_KINDS

    def alias_list(self):
        return lines(self.aliases)


class PlaceLead(models.Model):
    """Ties a Marmot lead's account to the one Place they report for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="place_lead")
    place = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="leads", limit_choices_to={"kind": Area.Kind.PLACE}
    )

    class Meta:
        ordering = ["place__sort_order", "user__username"]

    def __str__(self):
        return f"{self.user} (Marmot lead, {self.place})"
