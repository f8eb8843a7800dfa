"""The volunteers' draw: a citizens' panel drawn by lot among those who said yes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import rule_required

from ..forms import PanelDrawForm
from ..services import panel
from ..services.closing import panel_drawn
from . import campaign_or_404


@rule_required("outreach.manage")
def panel_draw(request, pk: int):
    """Freeze the volunteers as a draw's pool; the draw itself is run on the lottery's page."""
    campaign = campaign_or_404(pk)
    count = panel.volunteers(campaign).count()
    refusal = None
    try:
        panel.refuse_unless_drawable(campaign)
    except ValidationError as error:
        refusal = " ".join(error.messages)
    form = PanelDrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            draw = panel.panel_draw_prepare(
                actor=request.user, campaign=campaign, k=form.cleaned_data["size"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The volunteers are the draw's pool. Check the quotas and run the draw; "
                    "the drawn become members and everyone is told by e-mail."
                ),
            )
            return redirect(draw.get_absolute_url())
    status = 200
    if request.method == "POST":
        status = 400 if refusal is not None else error_status(form)
    return render(
        request,
        "outreach/panel_draw.html",
        {
            "campaign": campaign,
            "form": form,
            "count": count,
            "refusal": refusal,
            "drawn": panel_drawn(campaign),
        },
        status=status,
    )
