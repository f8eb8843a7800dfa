from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.models import Role, SignInLink, User
from skabsammen.mail.models import Email

pytestmark = pytest.mark.django_db


def link_in(email: Email) -> str:
    return "/konto/link/" + email.readable_body.split("/konto/link/")[1].split()[0]


def ask_for_link(client: Client, address: str, **extra):
    return client.post(reverse("accounts:sign_in"), {"email": address, **extra})


class TestRequestingALink:
    def test_known_and_unknown_addresses_get_the_same_answer(self, client, citizen):
        known = ask_for_link(client, citizen.email)
        unknown = ask_for_link(Client(), "ny@example.dk")
        assert known.status_code == unknown.status_code == 302
        assert known["Location"] == unknown["Location"] == reverse("accounts:link_sent")
        page = client.get(known["Location"])
        assert "anna@example.dk" in page.content.decode()
        assert Email.objects.filter(to="anna@example.dk", kind="sign_in").count() == 1
        assert Email.objects.filter(to="ny@example.dk", kind="sign_in").count() == 1

    def test_an_invalid_address_gets_a_danish_message_and_no_mail(self, client):
        response = ask_for_link(client, "ikke-en-adresse")
        assert response.status_code == 400
        assert "Skriv en e-mailadresse som navn@eksempel.dk." in response.content.decode()
        assert not SignInLink.objects.exists() and not Email.objects.exists()

    def test_requests_are_rate_limited_per_address(self, client, settings):
        settings.SIGN_IN_LIMIT_PER_ADDRESS = 3
        for _ in range(3):
            assert (
                ask_for_link(Client(REMOTE_ADDR="10.0.0.1"), "anna@example.dk").status_code == 302
            )
        response = ask_for_link(Client(REMOTE_ADDR="10.0.0.2"), "anna@example.dk")
        assert response.status_code == 429
        assert "For mange forsøg" in response.content.decode()
        assert Email.objects.count() == 3

    def test_requests_are_rate_limited_per_client(self, settings):
        settings.SIGN_IN_LIMIT_PER_CLIENT = 2
        client = Client(REMOTE_ADDR="192.0.2.7")
        assert ask_for_link(client, "a@example.dk").status_code == 302
        assert ask_for_link(client, "b@example.dk").status_code == 302
        assert ask_for_link(client, "c@example.dk").status_code == 429
        assert ask_for_link(Client(REMOTE_ADDR="192.0.2.8"), "c@example.dk").status_code == 302

    def test_a_forged_request_without_csrf_token_is_refused(self, citizen):
        client = Client(enforce_csrf_checks=True)
        response = ask_for_link(client, citizen.email)
        assert response.status_code == 403
        assert not Email.objects.exists()


class TestFollowingALink:
    def test_get_shows_a_button_and_only_the_post_signs_in(self, client, citizen):
        ask_for_link(client, citizen.email)
        url = link_in(Email.objects.get())
        page = client.get(url)  # what a mail scanner does
        assert page.status_code == 200
        assert '<form method="post"' in page.content.decode()
        assert "_auth_user_id" not in client.session
        assert SignInLink.objects.get().used_at is None

        response = client.post(url)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(citizen.pk)

    def test_a_link_works_once(self, client, citizen):
        ask_for_link(client, citizen.email)
        url = link_in(Email.objects.get())
        client.post(url)
        again = Client().post(url)
        assert again.status_code == 410
        assert "Linket virker ikke længere" in again.content.decode()

    def test_a_link_expires_after_fifteen_minutes(self, client, citizen, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        ask_for_link(client, citizen.email)
        url = link_in(Email.objects.get())
        time_machine.shift(timedelta(minutes=15, seconds=1))
        response = client.post(url)
        assert response.status_code == 410
        assert "_auth_user_id" not in client.session

    def test_an_unknown_token_is_refused(self, client):
        assert client.get("/konto/link/ikke-et-rigtigt-token/").status_code == 410

    def test_an_unknown_address_becomes_a_citizen_account(self, client):
        ask_for_link(client, "Ny.Borger@Example.dk")
        client.post(link_in(Email.objects.get()))
        user = User.objects.get(email="ny.borger@example.dk")
        assert user.role == Role.CITIZEN
        assert not user.has_usable_password()

    def test_next_url_is_followed_but_only_on_this_site(self, client, citizen):
        ask_for_link(client, citizen.email, next="/initiativer/mine/")
        assert client.post(link_in(Email.objects.get()))["Location"] == "/initiativer/mine/"
        other = Client()
        ask_for_link(other, "b@example.dk", next="https://evil.example/")
        assert other.post(link_in(Email.objects.get(to="b@example.dk")))["Location"] == "/"

    def test_an_inactive_user_cannot_sign_in(self, client, citizen):
        User.objects.filter(pk=citizen.pk).update(is_active=False)
        ask_for_link(client, citizen.email)
        assert client.post(link_in(Email.objects.get())).status_code == 410


def test_sign_out_needs_a_post(client_for, citizen):
    client = client_for(citizen)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    client.post(reverse("accounts:sign_out"))
    assert "_auth_user_id" not in client.session


def test_the_profile_is_saved(client_for, citizen):
    from skabsammen.municipality.tests.factories import DistrictFactory

    district = DistrictFactory(name="Vangede", slug="vangede")
    client = client_for(citizen)
    response = client.post(
        reverse("accounts:profile"),
        {"name": "Anna B.", "district": district.pk, "age_band": "35_44", "language": "en"},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.name, citizen.district, citizen.age_band, citizen.language) == (
        "Anna B.",
        district,
        "35_44",
        "en",
    )


def test_the_profile_refuses_an_empty_name(client_for, citizen):
    response = client_for(citizen).post(reverse("accounts:profile"), {"name": "", "language": "da"})
    assert response.status_code == 400
    assert "Skriv dit navn." in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.name == "Anna Borger"


class TestClientAddress:
    def request(self, remote, forwarded=None):
        from django.test import RequestFactory

        extra = {"REMOTE_ADDR": remote}
        if forwarded:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    def test_without_trusted_proxies_the_connection_counts(self, settings):
        from skabsammen.common.http import client_ip

        settings.TRUSTED_PROXIES = 0
        assert client_ip(self.request("10.0.0.5", "203.0.113.9")) == "10.0.0.5"

    def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(self, settings):
        from skabsammen.common.http import client_ip

        settings.TRUSTED_PROXIES = 1
        forged = self.request("10.0.0.5", "198.51.100.1, 203.0.113.9")
        assert client_ip(forged) == "203.0.113.9"
        assert client_ip(self.request("10.0.0.5", "203.0.113.9")) == "203.0.113.9"

    def test_two_visitors_behind_the_proxy_have_separate_limits(self, settings):
        settings.TRUSTED_PROXIES = 1
        settings.SIGN_IN_LIMIT_PER_CLIENT = 1
        first = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.1")
        second = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.2")
        assert ask_for_link(first, "a@example.dk").status_code == 302
        assert ask_for_link(first, "b@example.dk").status_code == 429
        assert ask_for_link(second, "b@example.dk").status_code == 302


class TestLongLivedLinks:
    def test_a_confirmation_link_does_not_sign_in_a_staff_account(self, client, staff):
        from skabsammen.initiatives.models import Initiative
        from skabsammen.initiatives.services import initiative_request_confirmation

        initiative_request_confirmation(
            name=staff.name, email=staff.email, title="Min egen idé", description="Som borger."
        )
        response = client.post(link_in(Email.objects.get(kind="initiative_confirm")))
        assert Initiative.objects.get().owners.get() == staff  # the idea is sent
        assert "_auth_user_id" not in client.session  # but no 24-hour sign-in for staff
        assert response["Location"].startswith(reverse("accounts:sign_in") + "?next=")


class TestNoWorkingLinkIsStored:
    def test_the_link_leaves_by_mail_and_is_not_kept(self, settings, smtp_inbox, citizen):
        from skabsammen.mail.services import email_deliver_now

        settings.EMAIL_OUTBOX = False
        client = Client()
        ask_for_link(client, citizen.email)
        email = Email.objects.get()
        email_deliver_now(email_id=email.pk)
        email.refresh_from_db()
        assert email.secret == ""
        assert "/konto/link/" not in email.body and "/konto/link/" not in email.readable_body
        delivered = smtp_inbox.to(citizen.email)[0].get_content()
        token = delivered.split("/konto/link/")[1].split("/")[0]
        assert client.post(f"/konto/link/{token}/").status_code == 302
        assert client.session["_auth_user_id"] == str(citizen.pk)


def test_an_address_typed_in_capitals_in_the_admin_site_is_the_same_account(
    client_for, administrator
):
    from skabsammen.municipality.tests.factories import DepartmentFactory

    department = DepartmentFactory()
    client_for(administrator).post(
        "/django-admin/accounts/user/add/",
        {
            "email": "Chef@Gentofte.dk",
            "name": "Chef",
            "role": "staff",
            "department": department.pk,
            "language": "da",
            "is_active": "on",
        },
    )
    assert User.objects.get(email="chef@gentofte.dk").role == Role.STAFF
    client = Client()
    ask_for_link(client, "CHEF@gentofte.dk")
    client.post(link_in(Email.objects.get(kind="sign_in")))
    assert User.objects.filter(email__iexact="chef@gentofte.dk").count() == 1
