import pytest

from skabsammen.plainlanguage.wordlist import ENTRIES, Flag, find, longest_without_overlap

REQUIRED = [
    ("jævnfør", "se"),
    ("jf.", "se"),
    ("i henhold til", "efter, ifølge"),
    ("pågældende", "den, det, de"),
    ("foranlediget", "på grund af"),
    ("såfremt", "hvis"),
    ("hvorvidt", "om"),
    ("endvidere", "desuden, også"),
    ("fremsende", "sende"),
    ("fremsendes", "sende"),
    ("fremsendt", "sende"),
    ("fremsendte", "sende"),
    ("vedrørende", "om"),
    ("vedr.", "om"),
    ("med henblik på", "for at"),
    ("i medfør af", "efter, på grund af"),
    ("iværksætte", "sætte i gang"),
    ("iværksættes", "sætte i gang"),
    ("iværksat", "sætte i gang"),
    ("foretage", "gøre"),
    ("foretages", "gøre"),
    ("foretog", "gøre"),
    ("foretaget", "gøre"),
    ("forefindes", "findes"),
    ("tillige", "også"),
    ("ligeledes", "også"),
    ("desangående", "om det"),
    ("hvorledes", "hvordan"),
    ("nærværende", "denne, dette"),
    ("ovennævnte", "den, det (nævnt ovenfor)"),
    ("førnævnte", "den, det (nævnt ovenfor)"),
    ("fremadrettet", "fremover"),
    ("påhviler", "være ansvarlig for, skulle"),
    ("imidlertid", "men"),
    ("såvel som", "og"),
    ("i tilfælde af", "hvis"),
    ("forinden", "før"),
    ("bedes", "vil du ..."),
    ("idet", "fordi"),
    ("herefter", "derefter, så"),
    ("hermed", "her, nu"),
    ("i det omfang", "hvis, når"),
    ("i forbindelse med", "ved, når"),
    ("tilsendes", "sende"),
    ("hidtidige", "tidligere"),
    ("beror på", "skyldes, afhænger af"),
    ("anmode om", "bede om"),
    ("anmoder om", "bede om"),
    ("anmodet om", "bede om"),
    ("påbegynde", "begynde"),
    ("påbegyndes", "begynde"),
    ("påbegyndte", "begynde"),
    ("eftersom", "fordi"),
    ("dersom", "hvis"),
]


def test_at_least_forty_entries_each_with_a_suggestion():
    assert len(ENTRIES) >= 40
    assert all(entry.suggestion and entry.forms for entry in ENTRIES)


@pytest.mark.parametrize(("phrase", "suggestion"), REQUIRED)
def test_required_phrase_is_flagged(phrase, suggestion):
    text = f"Sagen {phrase} kom ind."
    assert find(text) == [Flag(phrase, suggestion, 6, 6 + len(phrase))]


@pytest.mark.parametrize(
    ("form", "suggestion"), [(form, entry.suggestion) for entry in ENTRIES for form in entry.forms]
)
def test_every_form_is_flagged_alone(form, suggestion):
    assert find(f"Sagen {form} kom ind.") == [Flag(form, suggestion, 6, 6 + len(form))]


def test_municipal_letter_flags_with_offsets():
    text = "Såfremt De ønsker det, fremsendes afgørelsen, jf. reglerne.\nDe bedes svare."
    flags = find(text)
    assert flags == [
        Flag("Såfremt", "hvis", 0, 7),
        Flag("fremsendes", "sende", 23, 33),
        Flag("jf.", "se", 46, 49),
        Flag("bedes", "vil du ...", 63, 68),
    ]
    assert [text[flag.start : flag.end] for flag in flags] == [flag.phrase for flag in flags]


def test_matching_is_case_insensitive_and_keeps_the_text_as_written():
    assert find("I HENHOLD TIL loven") == [Flag("I HENHOLD TIL", "efter, ifølge", 0, 13)]


def test_phrase_across_a_line_break():
    assert find("Vi handler i henhold\ntil loven.") == [
        Flag("i henhold\ntil", "efter, ifølge", 11, 24)
    ]


def test_phrase_across_several_spaces():
    assert find("med  henblik på") == [Flag("med  henblik på", "for at", 0, 15)]


@pytest.mark.parametrize(
    "text",
    [
        "Kan du lide tidet?",
        "Der er et bidet på badeværelset.",
        "Vi holder en samtale samtidig med samtlige naboer.",
        "Hvorvidtspørgsmålet er lukket.",
        "Vi mødes i bedesalen.",
        "Hun er en foretagsom iværksætter med et lille foretagende.",
        "Jeg har en bedstefar.",
        "Vi vil fremsenderen.",
        "i det hele taget",
        "i henhold",
        "Idéerne er mange.",
    ],
)
def test_look_alike_words_are_not_flagged(text):
    assert find(text) == []


def test_word_next_to_punctuation_and_danish_letters_is_flagged():
    assert find("(idet)") == [Flag("idet", "fordi", 1, 5)]
    assert find("å idet ø") == [Flag("idet", "fordi", 2, 6)]
    assert find("åidet") == []
    assert find("idetø") == []


def test_hyphen_separates_words():
    assert find("den pågældende-sag") == [Flag("pågældende", "den, det, de", 4, 14)]


def test_longest_of_overlapping_matches_at_the_same_start_is_kept_once():
    assert find("Vi anmoder om svar.") == [Flag("anmoder om", "bede om", 3, 13)]
    assert find("Vi anmoder dig om svar.") == [Flag("anmoder", "bede om", 3, 10)]


def test_longest_of_overlapping_matches_at_different_starts_is_kept():
    # "i forbindelse med" and "med henblik på" share "med"; the longer one wins.
    assert find("i forbindelse med henblik på") == [Flag("i forbindelse med", "ved, når", 0, 17)]


def test_foranlediget_af_wins_over_foranlediget():
    assert find("foranlediget af vejret") == [Flag("foranlediget af", "på grund af", 0, 15)]


def test_longest_without_overlap():
    short = Flag("ab", "x", 0, 2)
    long = Flag("bcd", "y", 1, 4)
    tie = Flag("de", "z", 3, 5)
    apart = Flag("f", "w", 6, 7)
    assert longest_without_overlap([short, tie, apart, long]) == [long, apart]
    assert longest_without_overlap([tie, short]) == [short, tie]


def test_flags_are_sorted_by_position():
    text = "Hermed fremsendes brevet, idet vi endvidere påbegynder arbejdet."
    assert [flag.start for flag in find(text)] == [0, 7, 26, 34, 44]


def test_empty_text():
    assert find("") == []
