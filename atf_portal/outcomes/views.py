"""The public outcomes report: no sign-in, drawn only from published snapshots (OutcomesReport.content).

Pages are rendered without the request, so no context processor, user, session or CSRF token can reach them: what
a page shows is the snapshot and nothing else, and it is the same for everyone (http.py caches it)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse

from programmes.evidence.models import EvidenceRecord

from .charts import dot_chart
from .http import public_page
from .models import OutcomesReport


def _render(template, **context):
    return HttpResponse(render_to_string(template, context))


def _report(year, version=None):
    reports = OutcomesReport.objects.filter(year=year)
    if version is None:
        found = reports.order_by("-version").first()
        if found is None:
            raise Http404("No report has been published for this year.")
        return found, True
    found = get_object_or_404(reports, version=version)
    return found, not reports.filter(version__gt=version).exists()


def _versions(report):
    return OutcomesReport.objects.filter(year=report.year).only("year", "version", "published_at", "changes")


@public_page
def index(request):
    # Beside the reports, the evidence the business team has approved and marked for publication, and only that.
    return _render("outcomes/index.html", reports=OutcomesReport.objects.current().only("year", "version",
                                                                                        "published_at"),
                   evidence=EvidenceRecord.objects.published().prefetch_related("places"))


def _url(report, is_current, slug=None):
    """A page of this version: the year's own address while it is the current version, the version's after."""
    if slug is None:
        return reverse("outcomes-year", args=[report.year]) if is_current else report.get_absolute_url()
    if is_current:
        return reverse("outcomes-place", args=[report.year, slug])
    return reverse("outcomes-version-place", args=[report.year, report.version, slug])


def _with_links(content, report, is_current):
    """Adds each Place's address to the snapshot's rows (read afresh for every request, so never saved)."""
    urls = {place["slug"]: _url(report, is_current, place["slug"]) for place in content["places"]}
    for place in content["places"]:
        place["url"] = urls[place["slug"]]
    for theme in content["themes"]:
        for indicator in (i for i in theme["indicators"] if i["published"]):
            for row in indicator["places"]:
                row["url"] = urls.get(row["slug"])
            indicator["rows"] = [*indicator["places"], *([indicator["cm"]] if indicator["cm"] else [])]
    return content


@public_page
def report(request, year, version=None):
    found, is_current = _report(year, version)
    content = _with_links(found.content, found, is_current)
    for theme in content["themes"]:
        for indicator in (i for i in theme["indicators"] if i["published"]):
            indicator["chart"] = dot_chart(indicator["places"], indicator)
    return _render("outcomes/report.html", report=found, content=content, themes=content["themes"],
                   is_current=is_current, versions=_versions(found))


@public_page
def place(request, year, slug, version=None):
    found, is_current = _report(year, version)
    content = _with_links(found.content, found, is_current)
    area = next((p for p in content["places"] if p["slug"] == slug), None)
    if area is None:
        raise Http404("No such Place in this report.")
    themes = []
    for theme in content["themes"]:
        rows = []
        for indicator in (i for i in theme["indicators"] if i["published"]):
            row = next((r for r in indicator["places"] if r["slug"] == slug), None)
            if row:
                indicator["compare"] = [row, *([indicator["cm"]] if indicator["cm"] else [])]
                indicator["chart"] = dot_chart([row], indicator)
                rows.append((indicator, row))
        themes.append({**theme, "rows": rows})
    return _render("outcomes/place.html", report=found, content=content, area=area, themes=themes,
                   is_current=is_current, versions=_versions(found), report_url=_url(found, is_current))
