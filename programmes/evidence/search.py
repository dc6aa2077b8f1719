"""Searching the evidence: PostgreSQL full-text search where the database is PostgreSQL, a plain case-insensitive
match elsewhere (SQLite, in development and tests).

The words searched are each record's title, findings and method. The text inside uploaded documents is not
searched: no well-kept PDF or Word text library is installed, so the portal does not read inside them.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

CONFIG = "english"
SEARCHED = ("title", "findings", "method")


def search(queryset, words):
    words = words.strip()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        vector = (SearchVector("title", weight="A", config=CONFIG) + SearchVector("findings", weight="B", config=CONFIG)
                  + SearchVector("method", weight="C", config=CONFIG))
        query = SearchQuery(words, search_type="websearch", config=CONFIG)
        # Matched by the vector, ranked by it: ts_rank gives a non-match a tiny rank above 0, not 0.
        return queryset.annotate(document=vector, rank=SearchRank(vector, query)).filter(document=query).order_by(
            "-rank", "title")
    match = Q()
    for name in SEARCHED:
        match |= Q(**{f"{name}__icontains": words})
    return queryset.filter(match)
