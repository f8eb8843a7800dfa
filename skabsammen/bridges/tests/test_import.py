"""Importing a register of organisations: read and report row by row (nothing changes),
then apply once. Danish CSV quirks, XLSX, merging, refusals and whole-file refusals."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.bridges.models import (
    IMPORT_APPLY_LEASE,
    Contact,
    DirectoryImport,
    Organisation,
    OrganisationKind,
)
from skabsammen.bridges.services import imports
from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

from .factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("bridges:import_upload")


@pytest.fixture(autouse=True)
def _no_embedding(settings):
    settings.THEMES_EMBED_ON_SAVE = False


@pytest.fixture(autouse=True)
def places(db):
    return {
        "nature": TopicFactory(name="Natur og miljø", slug="natur-og-miljoe"),
        "sport": TopicFactory(name="Idræt og bevægelse", slug="idraet-og-bevaegelse"),
        "ordrup": DistrictFactory(name="Ordrup", slug="ordrup"),
        "vangede": DistrictFactory(name="Vangede", slug="vangede"),
    }


def read(staff, text: str | bytes, name: str = "foreninger.csv") -> DirectoryImport:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return imports.import_read(actor=staff, data=data, filename=name).directory_import


def outcomes(directory_import) -> list[tuple[int, str]]:
    return [(row["number"], row["outcome"]) for row in directory_import.rows]


def reasons(directory_import, number: int) -> str:
    [row] = [row for row in directory_import.rows if row["number"] == number]
    return " ".join(row["reasons"] + row["notes"])


def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TestDanishFiles:
    def test_semicolons_in_latin_1(self, staff, places):
        text = (
            "Navn;Type;Beskrivelse;E-mail;Foreningsnummer;Emner;Bydele\r\n"
            "Ordrup Naturvenner;forening;Vi passer på skoven;info@naturvenner.dk;F-2041;"
            "Natur og miljø;Ordrup\r\n"
            "Vangede Boldklub;Forening;Fodbold for børn;;F-1187;Idræt og bevægelse, Skak;"
            "Vangede, Ølstykke\r\n"
        )
        found = read(staff, text.encode("latin-1"))
        assert found.format == "CSV (semikolonadskilt, Windows-1252)"
        assert outcomes(found) == [(2, "accepted"), (3, "accepted")]
        assert found.rows[0]["data"]["description"] == "Vi passer på skoven"
        assert found.rows[0]["data"]["topics"] == [places["nature"].pk]
        assert "Ukendte emner er udeladt: Skak." in reasons(found, 3)
        assert "Ukendte bydele er udeladt: Ølstykke." in reasons(found, 3)
        assert not Organisation.objects.exists()  # reading changes nothing

    def test_a_stray_nul_deep_in_the_file_is_dropped(self, staff):
        # Past the first 4 KB, where a NUL marks a file that is not text; PostgreSQL
        # stores no NUL in the report (JSON) or in a name.
        text = b"navn;type\n" + b"Klub nummer 1;forening\n" * 300 + b"Nul\x00klubben;forening\n"
        found = read(staff, text)
        assert found.rows[-1]["outcome"] == "accepted"
        assert found.rows[-1]["name"] == "Nulklubben"
        assert "\x00" not in str(found.rows)

    def test_commas_in_utf_8_with_bom(self, staff):
        text = (
            "\ufeffnavn,hjemmeside,telefon\r\nSkovshoved Kajakklub,kajak.example.dk,20 30 40 50\r\n"
        )
        found = read(staff, text)
        assert "komma" in found.format and "BOM" in found.format
        assert outcomes(found) == [(2, "accepted")]
        assert found.rows[0]["data"]["website"] == "https://kajak.example.dk"
        assert found.rows[0]["data"]["kind"] == OrganisationKind.ASSOCIATION  # the default

    def test_an_xlsx_workbook(self, staff, places):
        data = xlsx(
            [
                ["Navn", "Type", "CVR", "Kontaktperson", "Kontakt e-mail", "Rolle"],
                [
                    "Cykelværkstedet",
                    "Virksomhed",
                    12345674,
                    "Rasmus Winther",
                    "rw@example.dk",
                    "Ejer",
                ],
                ["Gentofte Bibliotekerne", "institution", None, None, None, None],
            ]
        )
        found = read(staff, data, "register.xlsx")
        assert found.format == "Excel (XLSX)"
        assert outcomes(found) == [(2, "accepted"), (3, "accepted")]
        business = found.rows[0]["data"]
        assert business["kind"] == OrganisationKind.BUSINESS
        assert business["register_id"] == "12345674"
        assert business["contact"] == {
            "name": "Rasmus Winther",
            "email": "rw@example.dk",
            "phone": "",
            "role": "Ejer",
        }


class TestRowsRefused:
    def test_each_reason_in_danish_and_nothing_changes(self, staff):
        OrganisationFactory(name="Eksisterende Forening", email="", description="")
        before = Organisation.objects.count()
        text = (
            "navn;type;e-mail;hjemmeside;telefon;kontaktperson;kontakt e-mail\n"
            ";forening;a@example.dk;;;;\n"
            "Dårlig Mail;forening;ikke-en-mail;;;;\n"
            "Ukendt Type;klub;;;;;\n"
            "Dårlig Side;;;ikke en adresse;;;\n"
            "Dårlig Telefon;;;;ring efter 16;;\n"
            "Dårlig Kontakt;;;;;Anna;anna@\n"
            "Kontakt Uden Mail;;;;;Anna Hansen;\n"
        )
        found = read(staff, text)
        assert outcomes(found) == [
            (2, "refused"),
            (3, "refused"),
            (4, "refused"),
            (5, "refused"),
            (6, "refused"),
            (7, "refused"),
            (8, "accepted"),
        ]
        assert "Rækken har intet navn." in reasons(found, 2)
        assert "E-mail «ikke-en-mail»: Skriv en e-mailadresse som navn@eksempel.dk." in reasons(
            found, 3
        )
        assert "Ukendt type «klub»" in reasons(found, 4)
        assert "Hjemmeside «ikke en adresse»" in reasons(found, 5)
        assert "Telefon «ring efter 16»" in reasons(found, 6)
        assert "Kontaktens e-mail «anna@»" in reasons(found, 7)
        assert (
            "Kontakten Anna Hansen er udeladt: en kontakt skal have en e-mailadresse."
            in reasons(found, 8)
        )
        assert (found.accepted, found.merged, found.refused) == (1, 0, 6)
        imports.import_apply(actor=staff, directory_import=found)
        assert Organisation.objects.count() == before + 1
        assert set(Organisation.objects.values_list("name", flat=True)) == {
            "Eksisterende Forening",
            "Kontakt Uden Mail",
        }
        assert not Contact.objects.exists()

    def test_a_conflicting_duplicate_inside_the_file(self, staff):
        text = (
            "navn;e-mail;foreningsnummer\n"
            "Ordrup Boldklub;a@example.dk;F-1\n"
            "ordrup boldklub.;b@example.dk;\n"
            "Ordrup Boldklub;;F-2\n"
        )
        found = read(staff, text)
        assert outcomes(found) == [(2, "accepted"), (3, "refused"), (4, "refused")]
        assert "Samme organisation som række 2, men med andre oplysninger: e-mail." in reasons(
            found, 3
        )
        assert "Samme navn som række 2, men et andet foreningsnummer." in reasons(found, 4)

    def test_a_name_in_the_directory_with_another_register_number(self, staff):
        OrganisationFactory(name="Ordrup Boldklub", register_id="F-1")
        found = read(staff, "navn;foreningsnummer\nOrdrup Boldklub;F-9\n")
        assert outcomes(found) == [(2, "refused")]
        assert (
            "Kataloget har allerede «Ordrup Boldklub» med et andet foreningsnummer (F-1)."
            in reasons(found, 2)
        )


class TestMerging:
    def test_by_register_number_and_by_name_filling_blanks_only(self, staff, places):
        by_number = OrganisationFactory(
            name="Vangede Boldklub af 1931",
            register_id="F-1187",
            email="staff-skrev@example.dk",
            description="",
            kind=OrganisationKind.ASSOCIATION,
        )
        by_name = OrganisationFactory(name="Ordrup Naturvenner", website="", phone="")
        ContactFactory(organisation=by_name, email="birthe@example.dk", name="Birthe Vang")
        text = (
            "navn;type;beskrivelse;e-mail;hjemmeside;telefon;foreningsnummer;emner;bydele;"
            "kontaktperson;kontakt e-mail\n"
            "Vangede BK;institution;Fodbold;ny@example.dk;;;F-1187;Idræt og bevægelse;Vangede;;\n"
            "ORDRUP NATURVENNER!;;;;natur.example.dk;20 20 20 20;;Natur og miljø;Ordrup;"
            "Birthe V.;BIRTHE@example.dk\n"
            "Ordrup Naturvenner;;;;;;;;;Ida Skov;ida@example.dk\n"
        )
        found = read(staff, text)
        assert outcomes(found) == [(2, "merged"), (3, "merged"), (4, "merged")]
        assert "Findes allerede i kataloget som «Vangede Boldklub af 1931»." in reasons(found, 2)
        assert "Katalogets e-mail er anderledes og bevares." in reasons(found, 2)
        assert "Samme organisation som række 3: lægges sammen med den." in reasons(found, 4)
        assert Organisation.objects.count() == 2 and Contact.objects.count() == 1

        applied = imports.import_apply(actor=staff, directory_import=found)
        assert (applied.created, applied.merged) == (0, 3)
        by_number.refresh_from_db()
        assert by_number.name == "Vangede Boldklub af 1931"  # never overwritten
        assert by_number.email == "staff-skrev@example.dk"
        assert by_number.kind == OrganisationKind.ASSOCIATION
        assert by_number.description == "Fodbold"  # was blank: filled
        assert list(by_number.topics.all()) == [places["sport"]]
        by_name.refresh_from_db()
        assert by_name.website == "https://natur.example.dk" and by_name.phone == "20 20 20 20"
        assert list(by_name.districts.all()) == [places["ordrup"]]
        # The contact with the same e-mail is not added again; the new one is.
        assert sorted(by_name.contacts.values_list("name", flat=True)) == [
            "Birthe Vang",
            "Ida Skov",
        ]
        events = AuditEvent.objects.filter(action="bridges.organisation_import_merge")
        assert events.count() == 3
        assert AuditEvent.objects.get(action="bridges.import_apply").data == {
            "created": 0,
            "merged": 3,
        }

    def test_rows_about_one_new_organisation_become_one(self, staff):
        text = (
            "navn;foreningsnummer;kontaktperson;kontakt e-mail;kontakt telefon\n"
            "Hellerup Strandrensere;F-2077;Jakob Møller;jakob@example.dk;20 00 00 01\n"
            "Strandrenserne i Hellerup;F-2077;Ida Skov;ida@example.dk;\n"
        )
        found = read(staff, text)
        assert outcomes(found) == [(2, "accepted"), (3, "merged")]
        imports.import_apply(actor=staff, directory_import=found)
        organisation = Organisation.objects.get()
        assert organisation.name == "Hellerup Strandrensere"
        assert organisation.contacts.count() == 2
        assert AuditEvent.objects.filter(action="bridges.organisation_create").count() == 1

    def test_an_organisation_added_after_reading_is_merged_not_doubled(self, staff):
        found = read(staff, "navn;e-mail\nSkovshoved Kajakklub;kajak@example.dk\n")
        OrganisationFactory(name="Skovshoved Kajakklub", email="")
        applied = imports.import_apply(actor=staff, directory_import=found)
        assert (applied.created, applied.merged) == (0, 1)
        assert Organisation.objects.get().email == "kajak@example.dk"


class TestApplying:
    def test_applying_twice_is_refused(self, staff):
        found = read(staff, "navn\nOrdrup Naturvenner\n")
        imports.import_apply(actor=staff, directory_import=found)
        with pytest.raises(Exception, match="kan ikke importeres igen"):
            imports.import_apply(actor=staff, directory_import=found)
        assert Organisation.objects.count() == 1

    def test_a_citizen_can_neither_read_nor_apply(self, citizen, staff, client_for):
        found = read(staff, "navn\nOrdrup Naturvenner\n")
        client = client_for(citizen)
        assert client.post(reverse("bridges:import_report", args=[found.pk])).status_code == 403
        upload = SimpleUploadedFile("a.csv", b"navn\nNoget\n", content_type="text/csv")
        assert client.post(UPLOAD, {"file": upload}).status_code == 403
        assert not Organisation.objects.exists() and DirectoryImport.objects.count() == 1


class TestWholeFileRefused:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "Filen er tom."),
            (b"   \n", "Filen er tom."),
            (b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "det gamle Excel-format (.xls)"),
            (b"%PDF-1.4\n" + b"x" * 100, "hverken CSV eller Excel"),
            (b"navn;type\n", "Filen har en overskriftsrække, men ingen organisationer."),
            (
                b'navn,beskrivelse\nOrdrup,"' + b"x" * 140_000 + b"\n",
                "Filen kunne ikke læses som CSV: en celle på linje 2 er for lang.",
            ),
            (b";;\nOrdrup;forening\n", "Filen har ingen overskriftslinje"),
            (
                b"forening;type\nOrdrup;forening\n",
                "kald kolonnen «navn». Filens kolonner er: «forening», «type».",
            ),
        ],
    )
    def test_before_any_row(self, client_for, staff, data, message):
        upload = SimpleUploadedFile("fil.csv", data, content_type="text/csv")
        response = client_for(staff).post(UPLOAD, {"file": upload})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert "field limit" not in response.content.decode()  # the csv module's English
        assert not DirectoryImport.objects.exists() and not Organisation.objects.exists()

    def test_too_large(self, client_for, staff, settings):
        settings.BRIDGES_IMPORT_MAX_MB = 1
        data = b"navn\n" + b"Forening\n" * 150_000
        upload = SimpleUploadedFile("stor.csv", data, content_type="text/csv")
        response = client_for(staff).post(UPLOAD, {"file": upload})
        assert response.status_code == 400
        assert "Filen er større end 1 MB." in response.content.decode()
        assert not DirectoryImport.objects.exists()


class TestPages:
    def test_upload_report_and_apply(self, client_for, staff, django_capture_on_commit_callbacks):
        client = client_for(staff)
        data = "navn;type;noget andet\nOrdrup Naturvenner;forening;x\nUkendt;klub;y\n"
        upload = SimpleUploadedFile("register.csv", data.encode("cp1252"), content_type="text/csv")
        response = client.post(UPLOAD, {"file": upload}, follow=True)
        html = response.content.decode()
        found = DirectoryImport.objects.get()
        assert response.redirect_chain[-1][0] == reverse("bridges:import_report", args=[found.pk])
        assert "Kolonner, der er udeladt (ukendte): «noget andet»." in html
        assert "Importér 1 række" in html and "Ukendt type «klub»" in html
        assert "aldrig overskrevet" in html and "Afviste rækker ændrer intet" in html
        assert not Organisation.objects.exists()
        report = reverse("bridges:import_report", args=[found.pk])
        refused = client.get(report, {"udfald": "refused"}).content.decode()
        assert "Ukendt type" in refused and "Ordrup Naturvenner" not in refused
        # Applying runs as a task, queued when the request commits.
        with django_capture_on_commit_callbacks(execute=True) as queued:
            assert client.post(report).status_code == 302
        assert len(queued) == 1
        html = client.get(report).content.decode()
        assert "Filen blev importeret" in html and "Importér 1 række" not in html
        assert "1 ny organisation blev oprettet; 0 rækker blev lagt sammen" in " ".join(
            html.split()
        )
        assert Organisation.objects.get().name == "Ordrup Naturvenner"
        html = client.post(report, follow=True).content.decode()
        assert "kan ikke importeres igen" in html
        assert Organisation.objects.count() == 1
        assert "register.csv" in client.get(UPLOAD).content.decode()

    def test_a_running_import_is_shown_and_not_queued_twice(
        self, client_for, staff, django_capture_on_commit_callbacks
    ):
        client = client_for(staff)
        data = b"navn\nOrdrup Naturvenner\n"
        upload = SimpleUploadedFile("register.csv", data, content_type="text/csv")
        client.post(UPLOAD, {"file": upload})
        found = DirectoryImport.objects.get()
        report = reverse("bridges:import_report", args=[found.pk])
        with django_capture_on_commit_callbacks(execute=False) as queued:
            client.post(report)  # the worker has not taken it yet
            html = client.post(report, follow=True).content.decode()
        assert len(queued) == 1
        assert "Importen kører allerede" in html and "Importen kører." in html
        assert 'hx-trigger="every 2s"' in html
        assert not Organisation.objects.exists()

    def test_an_import_lost_with_its_worker_may_be_asked_for_again(
        self, client_for, staff, django_capture_on_commit_callbacks
    ):
        client = client_for(staff)
        data = b"navn\nOrdrup Naturvenner\n"
        upload = SimpleUploadedFile("register.csv", data, content_type="text/csv")
        client.post(UPLOAD, {"file": upload})
        found = DirectoryImport.objects.get()
        report = reverse("bridges:import_report", args=[found.pk])
        with django_capture_on_commit_callbacks(execute=False):
            client.post(report)
        DirectoryImport.objects.filter(pk=found.pk).update(
            apply_queued_at=timezone.now() - IMPORT_APPLY_LEASE
        )
        assert "Importér 1 række" in client.get(report).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(report)
        assert Organisation.objects.get().name == "Ordrup Naturvenner"

    def test_the_task_run_twice_imports_once(self, staff):
        from skabsammen.bridges.tasks import directory_import_apply

        result = imports.import_read(
            actor=staff, data=b"navn\nOrdrup Naturvenner\n", filename="a.csv"
        )
        found = result.directory_import
        assert directory_import_apply.call(found.pk, staff.pk) is True
        assert directory_import_apply.call(found.pk, staff.pk) is False
        assert Organisation.objects.count() == 1
