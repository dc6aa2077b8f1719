"""What the pages of every kind of return share: a refused step says why; the business team's sign-off."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from .forms import ReturnReasonForm
from .services import Locked


class ShowsRefusals:
    """A view mixin: when the engine refuses a step (`Locked`), the 403 page says the state or the closed round
    that refused it, not only that the account lacks access."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Locked as refusal:
            return render(request, "403.html", {"refusal": str(refusal)}, status=403)


class DecidesReturn(ShowsRefusals):
    """POST only, mixed into a return's page view: the business team approves the return or sends it back with a
    reason (left out, the page shows again with the error). The view declares `kind`, `page_url_name` (where both
    lead), `decided_return()` (the return, or 404) and `approved_message(ret)`."""

    http_method_names = ["post"]
    kind = None
    page_url_name = ""

    def post(self, request, *args, **kwargs):
        if not self.kind.may_review(request.user):
            raise PermissionDenied(f"Only the business team signs off {self.kind.noun}s.")
        ret = self.decided_return()
        if request.POST.get("decision") == "approve":
            self.kind.approve(ret, request.user)
            messages.success(request, self.approved_message(ret))
            return redirect(self.page_url_name, ret.pk)
        form = ReturnReasonForm(request.POST, kind=self.kind)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(return_form=form), status=400)
        self.kind.send_back(ret, request.user, form.cleaned_data["return_reason"])
        messages.success(request, f"Returned to the {self.kind.lead_noun}: {self.kind.respondent_of(ret)}.")
        return redirect(self.page_url_name, ret.pk)
