from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skabsammen.common.http import client_ip

from . import services
from .forms import ProfileForm, SignInForm
from .models import SignInLink


def safe_next_url(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def client_of(request) -> str:
    return services.client_fingerprint(client_ip(request))


def sign_in(request):
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next", ""))
    form = SignInForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_in_link_request(
                email=form.cleaned_data["email"],
                client=client_of(request),
                next_url=next_url,
                language=get_language(),
            )
        except services.RateLimited as error:
            form.add_error(None, error)
            status = 429
        else:
            request.session["sign_in_email"] = form.cleaned_data["email"]
            return redirect("accounts:link_sent")
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url}, status=status)


def link_sent(request):
    return render(
        request, "accounts/link_sent.html", {"email": request.session.get("sign_in_email", "")}
    )


def follow_link(request, token: str):
    """GET shows what the link does and a button; only the POST uses it.

    Mail scanners open links; a GET that signed in would burn the link.
    """
    try:
        link = services.sign_in_link_check(token)
        if request.method == "POST":
            arrival = services.sign_in_link_use(token=token)
            if not arrival.sign_in:
                messages.success(request, _("Done. Sign in to continue."))
                query = urlencode({"next": arrival.next_url})
                return redirect(f"{reverse('accounts:sign_in')}?{query}")
            login(request, arrival.user, backend="skabsammen.accounts.backends.EmailLinkBackend")
            if link.purpose != SignInLink.Purpose.SIGN_IN:
                messages.success(request, _("Thank you. Your e-mail address is confirmed."))
            return redirect(arrival.next_url)
    except ValidationError as error:
        return render(
            request, "accounts/link_invalid.html", {"error": error.messages[0]}, status=410
        )
    return render(request, "accounts/follow_link.html", {"link": link})


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("home")


@login_required
def profile(request):
    user = request.user
    initial = {
        "name": user.name,
        "district": user.district,
        "age_band": user.age_band,
        "language": user.language,
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_update(actor=user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect(reverse("accounts:profile"))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)
