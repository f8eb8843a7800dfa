"""Importing a register extract: the formats Danish users have, and every bad input
refused whole with a Danish message and nothing changed."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.outreach.models import CampaignStatus, RegisterPerson
from skabsammen.outreach.services.register import RegisterRefused, age_band, register_import

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db

HEADER = "løbenummer;navn;adresse;postnummer;by;bydel;fødselsdato;køn;e-mail"
ROWS = [
    "P001;Åse Ørnsø;Bernstorffsvej 161, 1. tv;2900;Hellerup;Hellerup;03-04-1951;K;aase@example.dk",
    "P002;Søren Æbelø;Vangedevej 12;2820;Gentofte;Vangede;17-11-1988;mand;",
    "P003;Mette Ørsted;Vangedevej 12;2820;Gentofte;Vangede;01-02-2001;kvinde;mette@example.dk",
]


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8", delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for line in [header, *rows]:
        writer.writerow(line.split(";"))
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def campaign():
    return CampaignFactory(status=CampaignStatus.DRAFT, population={}, sent_at=None)


def refusal(secretariat, campaign, data: bytes, filename="register.csv") -> ValidationError:
    before = campaign.register.count()
    with pytest.raises(ValidationError) as caught:
        register_import(actor=secretariat, campaign=campaign, data=data, filename=filename)
    campaign.refresh_from_db()
    assert campaign.register.count() == before  # nothing changed
    return caught.value


@pytest.mark.parametrize(
    "encoding,bom,delimiter",
    [
        ("utf-8", False, ";"),
        ("utf-8", True, ";"),
        ("latin-1", False, ";"),
        ("cp1252", False, ","),
    ],
)
def test_danish_csv_files_are_read(secretariat, campaign, encoding, bom, delimiter):
    data = csv_bytes(encoding=encoding, delimiter=delimiter)
    if bom:
        data = "\ufeff".encode() + data
    report = register_import(actor=secretariat, campaign=campaign, data=data, filename="r.csv")
    assert report["accepted"] == 3
    people = {p.external_id: p for p in RegisterPerson.objects.filter(campaign=campaign)}
    assert people["P001"].name == "Åse Ørnsø" and people["P002"].name == "Søren Æbelø"
    assert people["P001"].gender == "woman" and people["P002"].gender == "man"
    assert people["P001"].birth_year == 1951 and people["P001"].age_band == "75_plus"
    assert people["P002"].email == "" and people["P003"].email == "mette@example.dk"
    # Two people at one address are one household.
    assert people["P002"].household == people["P003"].household != people["P001"].household
    campaign.refresh_from_db()
    assert campaign.register_rows == 3 and report["households"] == 2
    assert campaign.population["district"] == {"Hellerup": 1, "Vangede": 2}
    assert campaign.population["gender"] == {"man": 1, "woman": 2}
    assert AuditEvent.objects.filter(action="outreach.register_import").count() == 1


def test_xlsx_with_numbers_and_dates_is_read(secretariat, campaign):
    data = xlsx_bytes(
        [
            ["ID", "Navn", "Adresse", "Postnr", "By", "Distrikt", "Alder", "Køn", "Email"],
            [1001, "Kaj Munk", "Strandvejen 1", 2900, "Hellerup", "Hellerup", 34, "M", None],
            [1002, "Inge Lund", "Strandvejen 3", 2900, "Hellerup", "Hellerup", 67, "K", "i@x.dk"],
        ]
    )
    report = register_import(actor=secretariat, campaign=campaign, data=data, filename="r.xlsx")
    assert report["accepted"] == 2 and "Excel" in report["format"]
    kaj = RegisterPerson.objects.get(external_id="1001")
    assert kaj.postcode == "2900" and kaj.age_band == "25_34"
    assert kaj.birth_year == timezone.localdate().year - 34


def test_xlsx_birth_dates_as_excel_dates(secretariat, campaign):
    data = xlsx_bytes(
        [
            ["id", "navn", "adresse", "postnummer", "fødselsdato", "køn"],
            ["A1", "Bo Berg", "Søvej 2", "2820", date(1990, 5, 17), "mand"],
        ]
    )
    register_import(actor=secretariat, campaign=campaign, data=data, filename="r.xlsx")
    assert RegisterPerson.objects.get().birth_year == 1990


@pytest.mark.parametrize(
    "header,rows",
    [
        ("id;navn;adresse;postnummer;alder;køn;CPR", ["P1;A B;Vej 1;2900;40;K;"]),
        ("id;navn;adresse;postnummer;alder;køn;Personnummer", ["P1;A B;Vej 1;2900;40;K;"]),
        # No CPR header, but the values are CPR numbers, with the dash …
        ("id;navn;adresse;postnummer;alder;køn;nøgle", ["P1;A B;Vej 1;2900;40;K;010190-1234"]),
        # … or as ten digits, in the id column itself
        ("id;navn;adresse;postnummer;alder;køn", ["0101901234;A B;Vej 1;2900;40;K"]),
        # … or with the leading zero lost in a spreadsheet
        ("id;navn;adresse;postnummer;alder;køn", ["101901234;A B;Vej 1;2900;40;K"]),
    ],
)
def test_a_file_with_cpr_numbers_is_refused_whole(secretariat, campaign, header, rows):
    error = refusal(secretariat, campaign, csv_bytes(rows + ROWS[:0], header=header))
    assert error.code == "cpr"
    message = error.messages[0]
    assert "CPR" in message and "pseudonym" in message.lower()
    assert "0101901234" not in message and "010190-1234" not in message


def test_ten_digit_ids_that_are_not_dates_are_accepted(secretariat, campaign):
    rows = [f"{n:010d};Navn {n};Vej {n};2900;40;K" for n in (9999999999, 4513000001)]
    report = register_import(
        actor=secretariat,
        campaign=campaign,
        data=csv_bytes(rows, header="id;navn;adresse;postnummer;alder;køn"),
        filename="r.csv",
    )
    assert report["accepted"] == 2


def test_cpr_message_is_danish(client_for, secretariat, campaign):
    data = csv_bytes(
        ["P1;A;Vej 1;2900;40;K;010190-1234"], header="id;navn;adresse;postnummer;alder;køn;x"
    )
    upload = io.BytesIO(data)
    upload.name = "udtræk.csv"
    response = client_for(secretariat).post(
        reverse("outreach:register_import", args=[campaign.pk]), {"file": upload}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ligner CPR-numre" in html and "aldrig" in html
    assert "010190-1234" not in html
    assert not RegisterPerson.objects.exists()


def test_rows_with_errors_refuse_the_whole_file_with_a_report(secretariat, campaign):
    rows = [
        *ROWS,
        "P001;Dobbelt Id;Vej 1;2900;Hellerup;Hellerup;01-01-1970;K;",  # duplicate id
        "P005;;Vej 2;2900;Hellerup;Hellerup;01-01-1970;K;",  # no name
        "P006;Navn;Vej 3;29000;Hellerup;Hellerup;01-01-1970;K;",  # bad postcode
        "P007;Navn;Vej 4;2900;Hellerup;Hellerup;01-01-1970;Q;",  # unknown gender
        "P008;Navn;Vej 5;2900;Hellerup;Hellerup;01-01-1970;K;ikke-en-adresse",  # bad e-mail
        "P009;Navn;Vej 6;2900;Hellerup;Hellerup;01-01-1870;K;",  # age out of range
        "P010;Navn;Vej 7;2900;Hellerup;Hellerup;1970-13-45;K;",  # not a date
    ]
    with pytest.raises(RegisterRefused) as caught:
        register_import(
            actor=secretariat, campaign=campaign, data=csv_bytes(rows), filename="r.csv"
        )
    report = caught.value.report
    assert report["accepted"] == 3 and report["refused_count"] == 7
    by_row = {r["row"]: " ".join(r["reasons"]) for r in report["refused"]}
    assert "også i række 2" in by_row[5]
    assert "navnet mangler" in by_row[6]
    assert "postnummeret «29000»" in by_row[7]
    assert "kønnet «Q»" in by_row[8]
    assert "e-mailadressen «ikke-en-adresse»" in by_row[9]
    assert "ikke mellem 0 og 120" in by_row[10]
    assert "fødselsdatoen «1970-13-45»" in by_row[11]
    assert not RegisterPerson.objects.exists()
    campaign.refresh_from_db()
    assert campaign.register_rows == 0 and campaign.population == {}


def test_refused_rows_are_shown_in_danish(client_for, secretariat, campaign):
    upload = io.BytesIO(csv_bytes([*ROWS, ROWS[0]]))
    upload.name = "r.csv"
    response = client_for(secretariat).post(
        reverse("outreach:register_import", args=[campaign.pk]), {"file": upload}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Registret blev ikke indlæst" in html
    assert "Intet blev indlæst" in html
    assert "står også i række 2" in html


@pytest.mark.parametrize(
    "data,filename,code,words",
    [
        (b"", "r.csv", "empty", "tom"),
        (b"   \r\n", "r.csv", "empty", "tom"),
        (HEADER.encode() + b"\r\n", "r.csv", "empty", "ingen personer"),
        (b"%PDF-1.4 hello", "r.pdf", "file_type", "hverken CSV eller Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "r.xls", "file_type", ".xls"),
        (b"PK\x03\x04not really a zip", "r.xlsx", "file_type", "hverken CSV eller Excel"),
        (b"navn;adresse\r\nA;B\r\n", "r.csv", "columns", "mangler kolonne"),
    ],
)
def test_unusable_files_are_refused(secretariat, campaign, data, filename, code, words):
    from django.utils import translation

    with translation.override("da"):
        error = refusal(secretariat, campaign, data, filename)
    assert error.code == code
    assert words in error.messages[0]


def test_size_limit(settings, secretariat, campaign, client_for):
    settings.OUTREACH_REGISTER_MAX_MB = 1
    upload = io.BytesIO(csv_bytes(ROWS * 20000))
    upload.name = "stor.csv"
    response = client_for(secretariat).post(
        reverse("outreach:register_import", args=[campaign.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert "større end 1 MB" in response.content.decode()
    assert not RegisterPerson.objects.exists()


def test_replacing_the_register_before_the_draw(secretariat, campaign):
    register_import(actor=secretariat, campaign=campaign, data=csv_bytes(), filename="a.csv")
    register_import(
        actor=secretariat, campaign=campaign, data=csv_bytes(ROWS[:1]), filename="b.csv"
    )
    campaign.refresh_from_db()
    assert campaign.register.count() == 1 and campaign.register_filename == "b.csv"


def test_the_register_cannot_be_replaced_after_the_draw(secretariat, campaign):
    register_import(actor=secretariat, campaign=campaign, data=csv_bytes(), filename="a.csv")
    campaign.status = CampaignStatus.SAMPLED
    campaign.save()
    error = refusal(secretariat, campaign, csv_bytes(ROWS[:1]))
    assert error.code == "sampled"
    assert campaign.register.count() == 3


def test_only_the_secretariat_imports(client_for, staff, campaign):
    upload = io.BytesIO(csv_bytes())
    upload.name = "r.csv"
    response = client_for(staff).post(
        reverse("outreach:register_import", args=[campaign.pk]), {"file": upload}
    )
    assert response.status_code == 403
    assert not RegisterPerson.objects.exists()


@pytest.mark.parametrize(
    "age,band", [(0, "under_18"), (17, "under_18"), (18, "18_24"), (44, "35_44"), (75, "75_plus")]
)
def test_age_bands(age, band):
    assert age_band(age) == band
