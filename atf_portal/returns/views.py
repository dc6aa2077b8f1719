"""What the pages of every kind of return share: a refused step says why."""

from django.shortcuts import render

from .services import Locked


class ShowsRefusals:
    """A view mixin: when the engine refuses a step (`Locked`), the 403 page says the state or the closed round
    that refused it, not only that the account lacks access."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Locked as refusal:
            return render(request, "403.html", {"refusal": str(refusal)}, status=403)
