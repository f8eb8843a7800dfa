from skabsammen.insight.text import clean, problems, stems, words


def test_clean_removes_agenda_noise():
    assert clean("159. Spørgetid") == "Spørgetid"
    assert clean("1176. Åben - Orientering om Ungdomsrådet") == "Orientering om Ungdomsrådet"
    assert clean("3. Økonomiudvalget som strategisk omdrejningspunkt (Åbent)") == (
        "Økonomiudvalget som strategisk omdrejningspunkt"
    )
    assert clean("Godkendelse af Beskæftigelsesplan 2014.................... 17") == (
        "Godkendelse af Beskæftigelsesplan 2014"
    )
    assert clean("TM - Offentlig høring af vandplan for Isefjord...42") == (
        "TM - Offentlig høring af vandplan for Isefjord"
    )
    assert clean("Lukket punkt: Salg af grund, EMN-2025-01234") == "Salg af grund"
    assert clean("Punkt 5: Budget 2015 (Lukket)") == "Budget 2015"


def test_clean_removes_html_signatures_and_addresses():
    text = (
        "<p>Vi vil have <b>flere</b> cykelstier&nbsp;i Gentofte, se www.example.dk</p>\n\n"
        "Med venlig hilsen\nJens Jensen\njens@example.dk\n+45 12 34 56 78"
    )
    assert clean(text) == "Vi vil have flere cykelstier i Gentofte, se"
    reply = "Tak for svaret.\n\nFra: Kommunen\nSendt: 3. maj\nTil: Jens\nEmne: Sag nr. 12/34567"
    assert clean(reply) == "Tak for svaret."


def test_clean_keeps_ordinary_text_and_cuts_very_long_text():
    assert clean("Mere natur i byen, tak!") == "Mere natur i byen, tak!"
    assert clean("") == ""
    assert len(clean("ord " * 20_000)) <= 5000


def test_words_drop_stop_words_and_procedure_and_stems_are_danish():
    assert words("Godkendelse af forslag til lokalplan for skolen") == ["lokalplan", "skolen"]
    assert stems("Cykelstierne ved skolerne") == ["cykelsti", "skol"]


def test_problems_name_what_is_odd():
    assert problems("", "") == ["empty"]
    assert problems("Parkering", "Parkering") == ["one_word"]
    html = "<div>Mere natur</div> Med venlig hilsen Jens"
    assert {"html", "signature"} <= set(problems(html, clean(html)))
    english = "We would like more bicycle lanes near the school please"
    assert "foreign" in problems(english, english)
    assert "long" in problems("a" * 20_000, clean("a" * 20_000))
    assert problems("Flere træer i parken ved skolen", "Flere træer i parken ved skolen") == []
