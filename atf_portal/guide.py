"""The user guide: docs/*.md (one page per role, written for the repository too) served as portal pages.

The pictures are the ones the journey tests take (`make docs`), served as static files from docs/images/. Links
between the guide's pages and its pictures are written relative (`board-member.md`, `images/x.png`) so that they
work where the Markdown is read in the repository, and are rewritten here to the portal's addresses.
"""

import re

import markdown
from django.conf import settings
from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

DOCS = settings.BASE_DIR / "docs"
SLUG = re.compile(r"^[a-z][a-z-]*$")


def render(slug):
    """(title, HTML) of docs/<slug>.md, or of docs/index.md for "index"."""
    path = DOCS / f"{slug}.md"
    if not SLUG.match(slug) or not path.is_file():
        raise Http404("No such page in the user guide")
    text = path.read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "User guide")
    html = markdown.markdown(text, extensions=["tables"], output_format="html")
    html = re.sub(r'src="images/([\w.-]+)"', lambda m: f'src="{static("guide/" + m.group(1))}"', html)
    html = re.sub(r'href="([a-z][a-z-]*)\.md"', lambda m: f'href="{page_url(m.group(1))}"', html)
    return title, html


def page_url(slug):
    return reverse("guide") if slug == "index" else reverse("guide-page", args=[slug])


class GuideView(TemplateView):
    """Open to anyone, signed in or not: the guide shows only the demo data's pages and explains how to sign in."""

    template_name = "guide.html"

    def get_context_data(self, slug="index", **kwargs):
        title, html = render(slug)
        return {**super().get_context_data(**kwargs), "title": title, "body": mark_safe(html),  # noqa: S308
                "is_index": slug == "index"}
