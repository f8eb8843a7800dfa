from pathlib import Path

import pytest
import textstat

from skabsammen.plainlanguage.lix import (
    ABBREVIATIONS,
    LEADING_ABBREVIATIONS,
    TRAILING_ABBREVIATIONS,
    Counts,
    count,
    is_long,
    lix,
    split_sentences,
)

TEXTS = Path(__file__).parent / "texts"

MUNICIPAL_REPLY = (
    "Tak for din mail om haven. Kommunen har bl.a. afsat 1.500.000 kr. til projektet. "
    "Vi holder et møde d. 4. juni kl. 19.00 i kulturhuset. Tag f.eks. en nabo med. "
    "Der er kaffe, kage osv. til alle!"
)


def sentence_words(text: str) -> list[list[str]]:
    return [[token.text for token in sentence] for sentence in split_sentences(text)]


def test_municipal_reply_is_counted_by_hand():
    # Long words: Kommunen, projektet, kulturhuset. The number has no letters.
    assert count(MUNICIPAL_REPLY) == Counts(words=37, sentences=5, long_words=3)
    assert lix(MUNICIPAL_REPLY) == pytest.approx(37 / 5 + 100 * 3 / 37)


def test_municipal_reply_sentences_keep_abbreviations_and_numbers_whole():
    assert sentence_words(MUNICIPAL_REPLY) == [
        ["Tak", "for", "din", "mail", "om", "haven"],
        ["Kommunen", "har", "bl.a.", "afsat", "1.500.000", "kr.", "til", "projektet"],
        ["Vi", "holder", "et", "møde", "d.", "4.", "juni", "kl.", "19.00", "i", "kulturhuset"],
        ["Tag", "f.eks.", "en", "nabo", "med"],
        ["Der", "er", "kaffe", "kage", "osv.", "til", "alle"],
    ]


@pytest.mark.parametrize("abbreviation", sorted(ABBREVIATIONS))
def test_abbreviation_is_one_word_and_does_not_end_the_sentence(abbreviation):
    assert count(f"Vi har {abbreviation} en ting her.") == Counts(6, 1, 0)


@pytest.mark.parametrize("abbreviation", ["Bl.a.", "F.EKS.", "KL.", "Jf.", "Osv."])
def test_abbreviations_match_case_insensitively(abbreviation):
    assert count(f"Vi har {abbreviation} en ting her.") == Counts(6, 1, 0)


def test_required_abbreviations_are_listed():
    required = "bl.a. f.eks. kl. kr. jf. ca. dvs. evt. mht. mv. m.v. osv. pga. nr. stk. pkt."
    required += " inkl. ekskl. hhv. iflg. vedr. tlf. ift. bl.a o.l. m.m. el. ang. hr."
    months = "jan. feb. mar. apr. jun. jul. aug. sep. okt. nov. dec."
    assert set((required + " " + months).split()) <= ABBREVIATIONS
    assert not LEADING_ABBREVIATIONS & TRAILING_ABBREVIATIONS


def test_leading_abbreviation_before_a_capital_is_followed_by_a_name():
    assert count("Vi har bl.a. Aarhus og hr. Jensen med. Det er godt.").sentences == 2


def test_trailing_abbreviation_before_a_capital_ends_the_sentence():
    assert sentence_words("Det koster 50 kr. Vi betaler i døren.") == [
        ["Det", "koster", "50", "kr."],
        ["Vi", "betaler", "i", "døren"],
    ]


def test_trailing_abbreviation_before_a_line_break_and_a_capital_ends_the_sentence():
    assert count("Vi har save, hamre osv.\nKom forbi.").sentences == 2


def test_trailing_abbreviation_that_is_also_a_word_ends_the_sentence():
    assert count("Vi holder lukket til jul. Derefter åbner vi igen.").sentences == 2


def test_trailing_abbreviation_before_lowercase_does_not_end_the_sentence():
    assert count("Vi har save, hamre osv. til udlån.").sentences == 1


def test_abbreviation_as_last_word_ends_the_text():
    assert count("Vi har save, hamre osv.") == Counts(words=5, sentences=1, long_words=0)


def test_runs_of_single_letters_with_periods_are_abbreviations():
    assert count("H.C. Andersen kom p.t. ikke forbi. Vi venter.").sentences == 2


@pytest.mark.parametrize("number", ["1.500.000", "3,5", "12.30", "10:30", "04-06-2019", "2019/20"])
def test_number_is_one_short_word(number):
    assert count(f"Tallet {number} står her.") == Counts(4, 1, 0)


def test_ordinal_period_does_not_end_the_sentence():
    assert sentence_words("Vi mødes den 4. juni og den 25., 26. og 27. august.") == [
        ["Vi", "mødes", "den", "4.", "juni", "og", "den", "25.", "26.", "og", "27.", "august"]
    ]


def test_clock_time_after_kl_does_not_end_the_sentence():
    assert count("Vi starter kl. 19.00 i salen.") == Counts(6, 1, 1)


def test_period_after_a_clock_time_or_a_year_ends_the_sentence():
    assert count("Vi starter kl. 19.00. Vi sluttede i 2019. Nu er vi tilbage.").sentences == 3


def test_digits_are_not_letters():
    assert not is_long("1.500.000")
    assert not is_long("2019abc")
    assert is_long("3kulturhus")


def test_long_word_has_more_than_six_letters():
    assert count("skolen skolens Østersø årsmøde søndag") == Counts(5, 1, 3)


def test_hyphenated_compound_is_one_word():
    assert count("Vi tror på borger-inddragelse.") == Counts(4, 1, 1)


def test_suspended_hyphen_leaves_the_first_part_as_a_word():
    assert count("By- og kulturforvaltningen svarer.") == Counts(4, 1, 1)


@pytest.mark.parametrize("mark", [".", "!", "?", "…", "?!"])
def test_sentence_end_marks(mark):
    assert count(f"Kom i haven{mark} Vi ses").sentences == 2


def test_colon_before_a_line_break_ends_the_sentence():
    assert count("Dagsorden:\nVelkomst og kaffe.").sentences == 2


def test_colon_within_a_line_does_not_end_the_sentence():
    assert count("Husk en ting: kaffe.").sentences == 1


def test_blank_line_ends_a_sentence_without_punctuation():
    assert sentence_words("Fællesskabshaven\n\nVi mødes i haven\n  \nKom glad") == [
        ["Fællesskabshaven"],
        ["Vi", "mødes", "i", "haven"],
        ["Kom", "glad"],
    ]


def test_single_line_break_does_not_end_a_sentence():
    assert count("Vi mødes\ni haven.").sentences == 1


def test_each_bullet_item_is_a_sentence():
    text = "Tag med:\n- handsker\n- en skovl\n• en kurv\n  * en kop\nVi ses."
    assert sentence_words(text) == [
        ["Tag", "med"],
        ["handsker"],
        ["en", "skovl"],
        ["en", "kurv"],
        ["en", "kop"],
        ["Vi", "ses"],
    ]


def test_windows_line_breaks():
    assert count("Overskrift\r\n\r\nTekst:\r\n- punkt\r\nSlut").sentences == 4


@pytest.mark.parametrize("text", ["", "   \n\n  ", "!!! ... ?", "- \n• "])
def test_text_without_words(text):
    assert count(text) == Counts(0, 0, 0)
    assert lix(text) == 0.0


def test_lix_formula():
    # 6 words, 2 sentences, 2 long words (kulturhuset, kaffemaskine).
    assert lix("Kom i kulturhuset. Tag kaffemaskine med.") == pytest.approx(6 / 2 + 100 * 2 / 6)


# textstat counts a sentence for each run of text up to ".", "!" or "?", but ignores runs of
# two words or fewer. It does not know line breaks, so a greeting, a heading or a signature
# without punctuation joins the next sentence. Its words are split on whitespace after
# punctuation is removed, so on prose without numbers or abbreviations its word and long-word
# counts equal ours. The letter differs by exactly its greeting and its signature block: we
# count "Kære Mette Hansen" and "Med venlig hilsen" as sentences of their own (28 against 26).
@pytest.mark.parametrize("name", ["faellesskabshave.txt", "reparationscafe.txt", "borgermoede.txt"])
def test_long_prose_agrees_with_textstat(name):
    text = (TEXTS / name).read_text(encoding="utf-8")
    ours = count(text)
    assert ours.words >= 300
    assert ours.words == textstat.lexicon_count(text)
    assert ours.long_words == textstat.long_word_count(text)
    assert abs(ours.lix - textstat.lix(text)) <= 2.0


def test_letter_differs_from_textstat_only_by_greeting_and_signature():
    text = (TEXTS / "faellesskabshave.txt").read_text(encoding="utf-8")
    assert count(text).sentences == textstat.sentence_count(text) + 2


def test_abbreviations_do_not_add_sentences_as_in_textstat():
    text = (
        "Vi mødes kl. 19 i haven, bl.a. for at plante. Tag evt. en spade med, f.eks. den fra "
        "skuret. Kaffe, kage osv. står klar til alle deltagere. Vi ses!"
    )
    assert count(text).sentences == 4
    assert textstat.sentence_count(text) == 7
