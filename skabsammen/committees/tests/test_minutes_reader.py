"""The minutes reader: three real documents, and small fixtures in the same layouts.

Pure tests: the reader has no Django import and these tests use no database.
"""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import datetime
from pathlib import Path

import pytest

from skabsammen.committees.minutes import (
    Attachment,
    IncompleteDocument,
    Minutes,
    MinutesError,
    UnknownLayout,
    UnreadableDocument,
    WorkingGroup,
    read_minutes,
)
from skabsammen.committees.minutes.firstagenda import (
    FirstAgendaHtmlParser,
    FirstAgendaPdfParser,
)
from skabsammen.committees.minutes.gentofte import GentofteParser, split_names

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
GENTOFTE_FILE = DATA / "referat-opgaveudvalg-vi-skaber-sammen-2019-06-04.txt"
AARHUS_PDF = DATA / "minutes" / "aarhus-byraad-2025-08-27.pdf"
AARHUS_HTML = DATA / "minutes" / "aarhus-teknisk-udvalg-2025-10-01.html"


def read_file(path: Path) -> Minutes:
    return read_minutes(path.read_bytes(), path.name)


def all_text(minutes: Minutes) -> str:
    """Every string the reader produced, as one text."""
    return repr(dataclasses.asdict(minutes))


# --- Gentofte: the real document --------------------------------------------


@pytest.fixture(scope="module")
def gentofte() -> Minutes:
    return read_file(GENTOFTE_FILE)


def test_gentofte_meeting_facts(gentofte):
    assert gentofte.layout == "gentofte"
    assert gentofte.kind == "minutes"
    assert gentofte.body == "Opgaveudvalg Vi Skaber Sammen"
    assert gentofte.starts_at == datetime(2019, 6, 4, 19, 0)
    assert gentofte.place == "Mødelokale A+B"
    assert gentofte.ends_at == datetime(2019, 6, 4, 21, 2)
    assert gentofte.closing_note == "Protokollen blev læst og mødet hævet kl. 21.02"
    assert gentofte.number == 4


def test_gentofte_attendance(gentofte):
    assert gentofte.present == [
        "Hans Toft",
        "Kristine Kryger",
        "Brigitta Rick",
        "Kim Ege Møller",
        "Peter Flinth",
        "Zelis Nielgaard",
        "Charlotte Skovmand",
        "Christina Wex",
        "Carl Bredholt",
        "Freddy Svitring",
        "Caroline Falholt",
        "Vivi Mindedal",
    ]
    assert gentofte.absent == ["Morten Løkkegaard", "Søren B. Heisel", "Ayesha Khawajazada"]
    assert gentofte.substitutes == {}
    assert any("Zelis Nielgaard Charlotte Skovmand" in note for note in gentofte.notes)


def test_gentofte_item(gentofte):
    assert len(gentofte.items) == 1
    item = gentofte.items[0]
    assert item.number == 1
    assert item.title == "4. møde i Opgaveudvalget Vi Skaber Sammen"
    assert not item.closed
    assert item.case_id == "EMN-2018-05565"
    assert item.summary == (
        "Formålet med det fjerde møde er at kvalificere første udkast til principper samt "
        "arbejde videre med konkrete metoder til, hvordan vi skaber sammen."
    )
    assert item.background.startswith("På Kommunalbestyrelsens møde den 26. november 2018")
    assert "\n\nUdvalget har på de første tre møder" in item.background
    assert "- Velkomst og præsentation\n- Program og formål med mødet\n" in item.background
    assert item.background.endswith("Der vil til mødet være en let forplejning.")
    assert item.previous_decisions == ""
    assert item.other_sections == {}


def test_gentofte_recommendations(gentofte):
    item = gentofte.items[0]
    assert item.recommendation_intro == "Det indstilles\n\nTil Opgaveudvalg Vi Skaber Sammen:"
    assert item.recommendations == [
        "At opgaveudvalget kvalificerer forslag til principper.",
        "At opgaveudvalget arbejder med konkrete metoder, der kan understøtte borgernes virkelyst.",
        "At opgaveudvalget tager stilling til, om der skal etableres arbejdsgrupper.",
    ]


def test_gentofte_decisions_attachment_and_appendix(gentofte):
    item = gentofte.items[0]
    assert item.decisions.startswith("Formand for opgaveudvalget borgmester Hans Toft bød")
    assert "besluttede at etablere tre arbejdsgrupper" in item.decisions
    assert "ikke blev udpeget, vil blive inviteret til at deltage" in item.decisions
    assert item.decisions.endswith("på opgaveudvalgets næste møde.")
    assert item.attachments == [
        Attachment(
            title="Udkast til principper til hvordan vi skaber sammen",
            number=1,
            document_id="2978596",
        )
    ]
    appendix = gentofte.appendix_texts["2978596"]
    assert appendix.startswith("UDKAST til principper til hvordan vi skaber sammen")
    assert "1. Lytter først" in appendix
    assert appendix.endswith("og hvordan de kan engagere sig efterfølgende.")
    assert "Punkt 2" not in appendix and "Dokument ID" not in appendix


def test_gentofte_working_groups(gentofte):
    assert gentofte.working_groups == [
        WorkingGroup("Principper", ["Peter Flinth"]),
        WorkingGroup(
            "Kommunens møde med borgere, der vil realisere en idé",
            ["Brigitta Rick", "Peter Flinth"],
        ),
        WorkingGroup(
            "Metoder der kan give Kommunalbestyrelsen indblik i, hvilke temaer, der ligger "
            "borgerne på sinde",
            ["Kristine Kryger", "Kim Ege Møller", "Charlotte Skovmand", "Christina Wex"],
        ),
    ]


def test_gentofte_ignores_contents_and_placeholders(gentofte):
    text = all_text(gentofte)
    for leftover in ("Indholdsfortegnelse", "Offentlig titel", "**", "\\t", "00:00"):
        assert leftover not in text
    assert gentofte.not_understood == []


# --- Aarhus city council: the real PDF --------------------------------------


@pytest.fixture(scope="module")
def aarhus_pdf() -> Minutes:
    return read_file(AARHUS_PDF)


def test_aarhus_pdf_reads_well_under_five_seconds():
    started = time.perf_counter()
    read_file(AARHUS_PDF)
    assert time.perf_counter() - started < 5


def test_aarhus_pdf_meeting_facts(aarhus_pdf):
    assert aarhus_pdf.layout == "firstagenda-pdf"
    assert aarhus_pdf.kind == "minutes"
    assert aarhus_pdf.body == "Aarhus Byråd"
    assert aarhus_pdf.starts_at == datetime(2025, 8, 27, 16, 0)
    assert aarhus_pdf.place == "Byrådssalen"
    assert aarhus_pdf.present == [] and aarhus_pdf.absent == []
    assert any("hvem der deltog" in note for note in aarhus_pdf.notes)


def test_aarhus_pdf_items_and_titles(aarhus_pdf):
    items = aarhus_pdf.items
    assert [item.number for item in items] == list(range(1, 22))
    assert items[0].title == "Godkendelse af dagsorden"
    assert items[1].title == (
        "Svar på forslag fra DD om principbeslutning om at sikre Havnens Perles fremtid på Aarhus Ø"
    )
    assert items[6].title == (
        "Afrapportering på klimaregnskab samt orientering om ny 2030-fremskrivning"
    )
    assert items[9].title == (
        "Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup, "
        "Hasselager-Kolt, med tillæg 1 - Endelig"
    )
    assert items[0].case_id == "EMN-2023-009832"
    assert items[1].case_id == "EMN-2025-003383"
    assert items[19].case_id == "EMN-2025-008912"


def test_aarhus_pdf_decisions(aarhus_pdf):
    assert aarhus_pdf.items[0].decisions == "Godkendt."
    item = aarhus_pdf.items[2]
    assert item.decisions == (
        "Tilbagesendes Magistratsafdelingen for Teknik og Miljø med bemærkning, at byrådet i "
        "sit møde den 27. august 2025 har vedtaget Magistratens foranstående indstilling af "
        "19. august 2025.\n"
        "Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes byrådsgrupper og Viggo "
        "Jonasen kunne ikke tiltræde indstillingens beslutningspunkter 1 og 2.\n"
        "Radikale Venstres og Alternativets byrådsgrupper kunne ikke tiltræde indstillingen."
    )
    # The proposal printed after the decision is kept apart from it.
    assert item.other_sections["Uden overskrift"].startswith("BESLUTNINGSFORSLAG FRA KF OG M")


def test_aarhus_pdf_recommendations_of_item_2(aarhus_pdf):
    item = aarhus_pdf.items[1]
    assert item.recommendation_intro == "Det indstilles:"
    assert item.recommendations == [
        "At 1) der i forbindelse med den kommende konkretisering af planerne for Pier 3 og "
        "Aarhus Ø sikres plads til publikumsrettede arealer i stueetagen i form af "
        "restauranter, caféer og lignende.",
        "At 2) Teknik og Miljø anbefaler Havnens Perle at tage fat i kommende aktører på "
        "Aarhus Ø for at drøfte muligheder og vilkår for en kommende permanent placering.",
    ]
    assert item.summary.startswith("Den 9. april 2025 behandlede byrådet forslag")
    assert item.other_sections["Sagsforløb"].startswith("Udvalg: Aarhus Byråd\nDato: 26-03-2025")


def test_aarhus_pdf_attachments(aarhus_pdf):
    assert aarhus_pdf.items[4].attachments == [
        Attachment("Indstilling"),
        Attachment(
            "Revisionsberetning nr. 3 fra den 13. juni 2025 vedrørende årsregnskabet 2024", 1
        ),
        Attachment("MBSs bemærkninger til afsluttende revisionsberetning for 2024", 2),
        Attachment("Revisionspåtegning af årsregnskabet 2024", 3),
    ]
    wrapped = aarhus_pdf.items[9].attachments[1]
    assert wrapped.title == (
        "Forslag til lokalplan nr. 1221, tillæg 2 til lokalplan nr. 411, Erhvervsområde ved "
        "Kattrup i Hasselager-Kolt med tillæg 1"
    )


def test_aarhus_pdf_closed_item(aarhus_pdf):
    item = aarhus_pdf.items[20]
    assert (item.number, item.title, item.closed) == (21, "Køb af landbrugsejendom", True)
    assert not (item.decisions or item.summary or item.case_id or item.attachments)
    assert not item.other_sections


def test_aarhus_pdf_has_no_page_numbers_or_table_of_contents(aarhus_pdf):
    for item in aarhus_pdf.items:
        for value in [item.decisions, item.summary, *item.other_sections.values()]:
            assert all(not line.strip().isdigit() for line in value.splitlines())
            assert "Indholdsfortegnelse" not in value and "....." not in value


# --- Aarhus technical committee: the real HTML ------------------------------


@pytest.fixture(scope="module")
def aarhus_html() -> Minutes:
    return read_file(AARHUS_HTML)


def test_aarhus_html_meeting_facts(aarhus_html):
    assert aarhus_html.layout == "firstagenda-html"
    assert aarhus_html.kind == "minutes"
    assert aarhus_html.body == "Teknisk Udvalg"
    assert aarhus_html.starts_at == datetime(2025, 10, 1, 15, 45)
    assert aarhus_html.place == "Udvalgsværelse 398"
    # The page leaves "Mødedeltagere" empty (filled by JavaScript): said, not guessed.
    assert aarhus_html.present == [] and aarhus_html.absent == []
    assert any("Mødedeltagere" in note for note in aarhus_html.notes)


def test_aarhus_html_items(aarhus_html):
    items = aarhus_html.items
    assert [(item.number, item.title) for item in items] == [
        (1, "Referat fra sidste udvalgsmøde"),
        (2, "Udviklingsplan Aarhus Ø - endelig vedtagelse"),
        (
            3,
            "Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup, "
            "Hasselager-Kolt, med tillæg 1 - Endelig",
        ),
        (4, "Forvaltningen orienterer"),
        (5, "Eventuelt"),
        (6, "Måltal for busfremkommelighed, jf. budgetforlig 2023"),
    ]
    assert [item.case_id for item in items] == [
        "EMN-2025-010561",
        "EMN-2025-009242",
        "EMN-2025-008468",
        "EMN-2025-010561",
        "",
        "EMN-2024-035156",
    ]


def test_aarhus_html_decisions_with_votes(aarhus_html):
    item = aarhus_html.items[1]
    assert item.decisions.splitlines() == [
        "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med "
        "Magistratens anbefaling.",
        "Jesper Kjeldsen, Steffen Wich, Gert Bjerregaard og Metin Lindved Aydin kunne "
        "tiltræde indstillingen.",
        "Jakob Søgaard Clausen tog forbehold.",
        "Solveig Munk kunne ikke tiltræde indstillingen.",
        "Liv Gro Jensen var forhindret i at deltage i udvalgets behandling af sagen.",
    ]
    assert item.recommendations[0].startswith("At 1) Byrådet godkender forslag til bemærkninger")
    assert item.summary.startswith("Der er indkommet i alt 1149 høringssvar")
    assert item.other_sections["Sagsforløb"].startswith("Udvalg: Magistraten")


def test_aarhus_html_attachments_without_icon_label(aarhus_html):
    attachments = aarhus_html.items[1].attachments
    assert len(attachments) == 30
    assert attachments[0] == Attachment("Indstilling")
    assert attachments[1] == Attachment(
        "Udviklingsplan for Pier 3 med omgivelser med bilag og strategier", 1
    )
    assert aarhus_html.items[0].attachments == [
        Attachment("Referat fra møde den 22. september 2025")
    ]
    assert not any(
        a.title.startswith("PDF") for item in aarhus_html.items for a in item.attachments
    )


def test_aarhus_html_has_no_markup_or_script(aarhus_html):
    text = all_text(aarhus_html)
    assert "<" not in text and "localizationKeys" not in text and "Kopier link" not in text


# --- Small fixtures in Gentofte's layout -------------------------------------

GENTOFTE = """

REFERAT Testudvalg for Byrum (2024 - 2025) d. 12-03-2025

Mødedato Onsdag d. 12. marts 2025 kl. 00:00

Mødested

Indholdsfortegnelse

Dagsorden med bilag.....\t3
Referat.....\t5

Punkt 1: Dagsorden med bilag

Dagsorden til møde i Testudvalget for Byrum

**Mødetidspunkt 12-03-2025 17:00
Mødeafholdelse Byrådssalen**

Indholdsfortegnelse

1 (Åben) 2. møde i Testudvalget for Byrum\t3
2 (Lukket) Køb af grund\t4

1 (Åben) 2. møde i Testudvalget for Byrum

Sags ID: EMN-2025-00001

Resumé

Udvalget drøfter byrummet.

Bilag

1. Notat om byrum (1234567 - EMN-2025-00001)

Dokument Navn: Notat om byrum.docx

Dokument ID: 1234567

Relaterede Dokumenter: 1

NOTAT om byrum

Byrummet skal være grønt.

2 (Lukket) Køb af grund

Punkt 2: Referat

Referat af møde i Testudvalget for Byrum

**Mødetidspunkt 12-03-2025 17:00
Mødeafholdelse Byrådssalen**

**Protokollen blev læst
og mødet hævet kl.: 18.45**

**Tilstede: Anne Holm, Bo Berg Lund Signe
Dahl og Jens Ravn (stedfortræder for Karen Vig)**

**Fraværende: Karen Vig og Ole Sand**

Indholdsfortegnelse

1 (Åben) 2. møde i Testudvalget for Byrum\t3
2 (Lukket) Køb af grund\t4

1 (Åben) 2. møde i Testudvalget for Byrum

Offentlig titel

Sags ID: EMN-2025-00001

Resumé

Udvalget drøfter byrummet.

Baggrund

Første afsnit.

- punkt et
- punkt to

Økonomi

Ingen udgifter.

Indstilling

Det indstilles:

- At udvalget drøfter byrummet.
- At udvalget nedsætter arbejdsgrupper.

Tidligere beslutninger:

.

Beslutninger:

Udvalget drøftede byrummet.

Udvalget besluttede at nedsætte to arbejdsgrupper:

- Grønne byrum: Anne Holm og Signe Dahl.
- Trafik: Bo Berg Lund

Bilag

1. Notat om byrum (1234567 - EMN-2025-00001)

2 (Lukket) Køb af grund

Offentlig titel

Sags ID: EMN-2025-00002

Beslutninger:

Godkendt.
"""


def read_text(text: str, encoding: str = "utf-8", filename: str = "referat.txt") -> Minutes:
    return read_minutes(text.encode(encoding), filename)


def test_gentofte_fixture_reads_minutes_part():
    minutes = read_text(GENTOFTE)
    assert (minutes.kind, minutes.body, minutes.number) == ("minutes", "Testudvalg for Byrum", 2)
    assert minutes.starts_at == datetime(2025, 3, 12, 17, 0)
    assert minutes.ends_at == datetime(2025, 3, 12, 18, 45)
    assert minutes.present == ["Anne Holm", "Bo Berg Lund", "Signe Dahl", "Jens Ravn"]
    assert minutes.absent == ["Karen Vig", "Ole Sand"]
    assert minutes.substitutes == {"Karen Vig": "Jens Ravn"}
    item = minutes.items[0]
    assert item.background == "Første afsnit.\n\n- punkt et\n- punkt to"
    assert item.other_sections == {"Økonomi": "Ingen udgifter."}
    assert item.recommendation_intro == "Det indstilles:"
    assert minutes.working_groups == [
        WorkingGroup("Grønne byrum", ["Anne Holm", "Signe Dahl"]),
        WorkingGroup("Trafik", ["Bo Berg Lund"]),
    ]
    assert minutes.appendix_texts == {"1234567": "NOTAT om byrum\n\nByrummet skal være grønt."}


def test_gentofte_closed_item_keeps_only_its_title():
    closed = read_text(GENTOFTE).items[1]
    assert closed == type(closed)(number=2, title="Køb af grund", closed=True)


def test_run_on_names_are_split_with_a_note():
    minutes = read_text(GENTOFTE)
    note = next(note for note in minutes.notes if "Bo Berg Lund Signe Dahl" in note)
    assert "»Bo Berg Lund« og »Signe Dahl«" in note


def test_names_split_on_commas_and_og():
    notes: list[str] = []
    names = split_names("Morten Løkkegaard, Søren B. Heisel og Ayesha\nKhawajazada.", "", notes)
    assert names == ["Morten Løkkegaard", "Søren B. Heisel", "Ayesha Khawajazada"]
    assert notes == []


def test_long_name_without_evidence_stays_whole():
    notes: list[str] = []
    assert split_names("Anne Marie Holm Jensen", "Anne Marie kom.", notes) == [
        "Anne Marie Holm Jensen"
    ]
    assert split_names(
        "Anne Marie Holm Jensen", "Holm Jensen og Anne Marie Holm Jensen", notes
    ) == ["Anne Marie Holm Jensen"]
    assert notes == []


def test_latin1_and_utf8_with_bom_read_identically():
    from_latin1 = read_text(GENTOFTE, "latin-1")
    from_bom = read_minutes(b"\xef\xbb\xbf" + GENTOFTE.encode("utf-8"), "referat.txt")
    assert from_latin1 == from_bom == read_text(GENTOFTE)
    assert from_latin1.items[0].title == "2. møde i Testudvalget for Byrum"


def test_gentofte_agenda_only_reads_as_agenda():
    agenda = GENTOFTE.split("Punkt 2: Referat")[0]
    agenda = agenda.replace("REFERAT", "DAGSORDEN").replace("Referat.....\t5\n", "")
    minutes = read_text(agenda)
    assert minutes.kind == "agenda"
    assert minutes.present == [] and minutes.absent == [] and minutes.working_groups == []
    assert [item.decisions for item in minutes.items] == ["", ""]
    assert minutes.items[0].summary == "Udvalget drøfter byrummet."
    assert "1234567" in minutes.appendix_texts


def test_gentofte_cut_after_contents_is_incomplete():
    cut = GENTOFTE.split("Punkt 1: Dagsorden med bilag")[0]
    with pytest.raises(IncompleteDocument) as caught:
        read_text(cut)
    assert "Dagsorden med bilag" in caught.value.message
    assert caught.value.code == "incomplete"


def test_gentofte_minutes_cut_after_their_contents_names_the_missing_item():
    head, minutes_part = GENTOFTE.split("Punkt 2: Referat")
    cut = head + "Punkt 2: Referat" + minutes_part.split("2 (Lukket) Køb af grund\t4")[0]
    cut += "2 (Lukket) Køb af grund\t4\n"
    with pytest.raises(IncompleteDocument) as caught:
        read_text(cut)
    assert "Punkt 1 »2. møde i Testudvalget for Byrum«" in caught.value.message


def test_gentofte_minutes_cut_before_the_decisions_is_incomplete():
    cut = GENTOFTE.split("Tidligere beslutninger:")[0] + "Tidligere beslutninger:\n"
    with pytest.raises(IncompleteDocument) as caught:
        read_text(cut + "\n2 (Lukket) Køb af grund\n")
    assert "ingen beslutning" in caught.value.message


def test_minutes_header_without_the_minutes_part_is_incomplete():
    agenda_only = GENTOFTE.split("Punkt 2: Referat")[0].replace("Referat.....\t5\n", "")
    with pytest.raises(IncompleteDocument) as caught:
        read_text(agenda_only)
    assert "referatet mangler" in caught.value.message


# --- Small fixtures in FirstAgenda's layouts ---------------------------------

FIRSTAGENDA_TEXT = """REFERAT Testudvalg d. 02-10-2025

Mødedato

Torsdag d. 2. oktober 2025 kl. 09:30

Mødested

Lokale 2

Indholdsfortegnelse

Godkendelse af dagsorden..........................
Svar på forslag om cykelstier.....................
Lukket: Salg af grund.............................

3
4
5

Punkt 1: Godkendelse af dagsorden

EMN-2025-000001

Beslutninger

Godkendt.

Punkt 2: Svar på forslag om cykelstier

EMN-2025-000002

Beslutninger

Tiltrådt.

BESLUTNINGSFORSLAG FRA X
Baggrund
Flere cykelstier.

Resume

Kort resume.

Beslutningspunkter

Det indstilles:
At 1) der bygges stier.
At 2) stierne males.

Sagsforløb

Udvalg: Magistraten

Bilag

Indstilling

Bilag 1: Kort over stierne

Punkt 3: Lukket: Salg af grund

EMN-2025-000003

Tilbagesendes.
"""


def test_firstagenda_text_is_read():
    minutes = read_text(FIRSTAGENDA_TEXT)
    assert minutes.layout == "firstagenda-pdf"
    assert (minutes.body, minutes.place) == ("Testudvalg", "Lokale 2")
    assert minutes.starts_at == datetime(2025, 10, 2, 9, 30)
    item = minutes.items[1]
    assert item.decisions == "Tiltrådt."
    assert (
        item.other_sections["Uden overskrift"]
        == "BESLUTNINGSFORSLAG FRA X\nBaggrund\nFlere cykelstier."
    )
    assert item.background == ""
    assert item.recommendations == ["At 1) der bygges stier.", "At 2) stierne males."]
    assert item.attachments == [Attachment("Indstilling"), Attachment("Kort over stierne", 1)]
    assert minutes.items[2] == type(item)(number=3, title="Salg af grund", closed=True)


def test_firstagenda_attendance_when_the_first_page_lists_it():
    listed = "Mødedeltagere\n\nAnna Hansen, Bo Jensen og Carl Berg\n\nAfbud\n\nDorte Lund\n\n"
    minutes = read_text(FIRSTAGENDA_TEXT.replace("Mødested\n", listed + "Mødested\n"))
    assert minutes.present == ["Anna Hansen", "Bo Jensen", "Carl Berg"]
    assert minutes.absent == ["Dorte Lund"]
    assert minutes.place == "Lokale 2"


def test_firstagenda_item_missing_from_the_text_is_named():
    start = FIRSTAGENDA_TEXT.index("Punkt 2:")
    cut = FIRSTAGENDA_TEXT[:start] + FIRSTAGENDA_TEXT[FIRSTAGENDA_TEXT.index("Punkt 3:") :]
    cut = cut.replace("Punkt 3:", "Punkt 2:")
    with pytest.raises(IncompleteDocument) as caught:
        read_text(cut)
    assert "Punkt 2 »Svar på forslag om cykelstier«" in caught.value.message


def pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def page_stream(paragraphs: list[list[str]], header: str, footer: str) -> bytes:
    """Place lines top-down in 10 pt Helvetica, with a running header and footer."""
    commands = [b"BT /F1 10 Tf 1 0 0 1 40 815 Tm " + pdf_string(header) + b" Tj ET"]
    y = 770
    for paragraph in paragraphs:
        for line in paragraph:
            commands.append(b"BT /F1 10 Tf 1 0 0 1 40 %d Tm " % y + pdf_string(line) + b" Tj ET")
            y -= 12
        y -= 14
    commands.append(b"BT /F1 10 Tf 1 0 0 1 280 25 Tm " + pdf_string(footer) + b" Tj ET")
    return b"\n".join(commands)


def make_pdf(pages: list[list[list[str]]]) -> bytes:
    """Write a minimal PDF; each page is a list of paragraphs of lines."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids = " ".join(f"{4 + 2 * n} 0 R" for n in range(len(pages))).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages),
        font,
    ]
    for number, paragraphs in enumerate(pages, start=1):
        stream = page_stream(paragraphs, "Testkommune · Referat", f"Side {number} af {len(pages)}")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects) + 2)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % index + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


FIRSTAGENDA_PAGES = [
    [
        ["REFERAT Testudvalg d. 02-10-2025"],
        ["Mødedato"],
        ["Torsdag d. 2. oktober 2025 kl. 09:30"],
        ["Mødested"],
        ["Lokale 2"],
        ["Indholdsfortegnelse"],
        [
            "Godkendelse af dagsorden..........................",
            "Svar på forslag om en meget lang titel som.......",
            "Lukket: Salg af grund.............................",
        ],
    ],
    [
        ["Punkt 1: Godkendelse af dagsorden"],
        ["EMN-2025-000001"],
        ["Beslutninger"],
        ["Godkendt."],
        [
            "Punkt 2: Svar på forslag om en meget lang titel som fortsætter ud over hele",
            "linjens bredde og videre",
        ],
        ["EMN-2025-000002"],
        ["Beslutninger"],
        ["Tiltrådt."],
        ["Beslutningspunkter"],
        ["Det indstilles:", "At 1) der bygges stier.", "At 2) stierne males."],
        ["Bilag"],
        ["Indstilling", "Bilag 1: Kort over stierne"],
    ],
    [
        ["Punkt 3: Lukket: Salg af grund"],
        ["EMN-2025-000003"],
        ["Tilbagesendes."],
    ],
]


def test_firstagenda_pdf_fixture_without_running_headers_or_page_numbers():
    minutes = read_minutes(make_pdf(FIRSTAGENDA_PAGES), "referat.pdf")
    assert minutes.layout == "firstagenda-pdf"
    assert [item.title for item in minutes.items] == [
        "Godkendelse af dagsorden",
        "Svar på forslag om en meget lang titel som fortsætter ud over hele linjens bredde og "
        "videre",
        "Salg af grund",
    ]
    assert minutes.items[1].recommendations == ["At 1) der bygges stier.", "At 2) stierne males."]
    text = all_text(minutes)
    assert "Side " not in text
    assert "Testkommune" not in repr(minutes.items)  # only page 1 keeps its running header


FIRSTAGENDA_HTML = """<!DOCTYPE html>
<html lang="da"><head><title>Teknisk Udvalg</title>
<script>window.localizationKeys = {"text": {"Meeting_Closed_Item": "Lukket <b>punkt</b>"}};</script>
<style>.resume { color: red }</style></head>
<body>
<h1 class="green dato">Referat 2. oktober 2025 kl. 9.30</h1>
<table class="dagsordeninfo">
<tr><td>Udvalg:</td><td><span class="udvalg">Teknisk Udvalg</span></td></tr>
<tr><td>Mødedato:</td><td><span class="dato">torsdag den 2. oktober 2025 kl. 9.30</span></td></tr>
<tr><td>Mødested:</td><td><span class="sted">Lokale 1</span></td></tr>
<tr><td>Mødedeltagere:</td><td class="deltagere"><div>Anna Hansen</div>
<div>Bo Jensen (afbud)</div></td></tr></table>
<table id="dagsordenDetaljer"><tbody>
<tr class="punktrow"><td><span class="label label-default">1</span></td><td>
<button><h2 class="overskrift">Cykelsti på <i>Ringvejen</i></h2></button>
<div class="details"><span class="sagsnummer">EMN-2025-000111</span><div class="punkt"><h3></h3>
<div><h3>Beslutninger</h3>
<span class="resume"><div>Indstillingen blev <b>tiltrådt</b>.</div>
<div>Anna Hansen stemte imod &lt;p&gt;med en bemærkning&lt;/p&gt;.</div></span>
<h3>Resume</h3><span class="resume"><div>Der bygges en sti.<script>alert(1)</script></div></span>
<h3>Beslutningspunkter</h3><span class="resume"><div>Det indstilles:</div>
<div>At 1) stien bygges.</div><div>At 2) stien males.</div></span>
</div></div><h3>Bilag</h3><ul><li><span class="label pdf-label">PDF</span>
<a class="bilag-link" href="#">Bilag 1: Kort over stien</a></li></ul></div></td></tr>
<tr class="punktrow"><td><span class="label label-default">2</span></td><td>
<h2 class="overskrift">Lukket: Salg af grund</h2><div class="details">
<span class="sagsnummer">EMN-2025-000222</span><h3>Beslutninger</h3>
<span class="resume"><div>Godkendt.</div></span></div></td></tr>
</tbody></table></body></html>
"""


def test_firstagenda_html_fixture():
    minutes = read_text(FIRSTAGENDA_HTML, filename="referat.html")
    assert minutes.layout == "firstagenda-html"
    assert (minutes.body, minutes.place) == ("Teknisk Udvalg", "Lokale 1")
    assert minutes.starts_at == datetime(2025, 10, 2, 9, 30)
    assert (minutes.present, minutes.absent) == (["Anna Hansen"], ["Bo Jensen"])
    item = minutes.items[0]
    assert item.title == "Cykelsti på Ringvejen"
    assert (
        item.decisions == "Indstillingen blev tiltrådt.\nAnna Hansen stemte imod med en bemærkning."
    )
    assert item.summary == "Der bygges en sti."
    assert item.attachments == [Attachment("Kort over stien", 1)]
    assert minutes.items[1] == type(item)(number=2, title="Salg af grund", closed=True)


def test_markup_in_html_never_reaches_the_text():
    minutes = read_text(FIRSTAGENDA_HTML, filename="referat.html")
    text = all_text(minutes)
    assert "<" not in text and ">" not in text.replace("»", "")
    assert "alert" not in text and "color" not in text and "localizationKeys" not in text
    assert any("HTML-koder" in line for line in minutes.not_understood)


# --- Layout detection and unreadable files ----------------------------------


@pytest.mark.parametrize(
    ("parser", "fixture"),
    [
        (GentofteParser(), GENTOFTE),
        (FirstAgendaPdfParser(), FIRSTAGENDA_TEXT),
        (FirstAgendaHtmlParser(), FIRSTAGENDA_HTML),
    ],
)
def test_each_layout_is_recognised_by_its_parser_only(parser, fixture):
    parsers = [GentofteParser(), FirstAgendaPdfParser(), FirstAgendaHtmlParser()]
    assert [p.layout for p in parsers if p.recognises(fixture)] == [parser.layout]


def test_firstagenda_item_named_like_a_gentofte_part_is_still_firstagenda():
    text = FIRSTAGENDA_TEXT.replace("Godkendelse af dagsorden", "Referat fra sidste møde")
    assert read_text(text).items[0].title == "Referat fra sidste møde"
    assert not GentofteParser().recognises(text)


def test_unknown_layout():
    with pytest.raises(UnknownLayout) as caught:
        read_text("Referat fra generalforsamlingen i grundejerforeningen.\n\n1. Valg af dirigent\n")
    assert caught.value.code == "unknown_layout"
    assert caught.value.message.startswith("Dokumentet har et layout, vi ikke kan læse.")


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"", "referat.pdf", "tom"),
        (b"  \n\n ", "referat.txt", "tom"),
        (os.urandom(4096), "referat.bin", "ikke ud til at være tekst"),
        ("Referat af mødet\n".encode(), "referat.pdf", "ikke en PDF-fil"),
        (b"%PDF-1.4\nthis is not really a pdf\n", "referat.pdf", "PDF-filen kunne ikke læses"),
    ],
)
def test_unreadable_files(data, filename, words):
    with pytest.raises(UnreadableDocument) as caught:
        read_minutes(data, filename)
    assert caught.value.code == "unreadable"
    assert words in caught.value.message


def test_errors_carry_danish_message_and_code():
    error = IncompleteDocument("Punkt 3 mangler.")
    assert isinstance(error, MinutesError) and isinstance(error, ValueError)
    assert (error.message, error.code, str(error)) == (
        "Punkt 3 mangler.",
        "incomplete",
        "Punkt 3 mangler.",
    )
