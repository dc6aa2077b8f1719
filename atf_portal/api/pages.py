"""The API's pages for people: its documentation (public, drawn from the OpenAPI schema the API serves) and each
user's own tokens (signed in)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from drf_spectacular.generators import SchemaGenerator

from atf_portal.outcomes.http import public_page

from .forms import TokenForm
from .models import ApiToken


@login_not_required
def not_found(request):
    return JsonResponse({"message": "There is nothing at this address in the API.", "status": 404}, status=404)


def endpoints(schema):
    """[(path, summary, description, [parameter])] from the schema, in its order."""
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation:
            parameters = [(p["name"], p.get("description", "")) for p in operation.get("parameters", [])
                          if p["in"] == "query"]
            found.append((path, operation.get("description", ""), parameters,
                          bool(operation.get("security")) and {} not in operation["security"]))
    return found


@public_page
def docs(request):
    """Public and the same for everyone: drawn without the request, like the outcomes pages."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    base = settings.SITE_URL.rstrip("/") + "/api/v1/"
    return HttpResponse(render_to_string("api/docs.html", {"endpoints": endpoints(schema), "base": base,
                                                           "info": schema["info"]}))


def tokens(request):
    """The signed-in user's tokens; a new token's key is shown on this one answer and never again."""
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _, key = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "key": key, "tokens": ApiToken.objects.filter(user=request.user),
    })


@require_POST
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, f"The token \"{token.name}\" is revoked: it no longer works.")
    return redirect("api-tokens")
