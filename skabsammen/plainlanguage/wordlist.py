"""Danish bureaucratic words and phrases ("kancellisprog") with plain alternatives.

Each entry lists every form it matches. Verbs get their forms from `_verb`: the infinitive, the
present ("-r"), the passive ("-s"), the imperative (the infinitive without its final "e"), the
past and its passive, and the past participle. The present participle is left out because it is
often a noun ("et foretagende"), and so is "iværksætter" (mostly the noun, an entrepreneur).

Matching is case-insensitive and whole-word: a form matches only where no letter or digit touches
it on either side, so "idet" is not found in "tidet" and a hyphen separates words. A space inside
a phrase matches any run of whitespace, line breaks included. Where matches overlap, the longest
is kept.
"""

import re
from dataclasses import dataclass

_ALNUM = r"[^\W_]"


@dataclass(frozen=True)
class Flag:
    phrase: str
    suggestion: str
    start: int
    end: int


@dataclass(frozen=True)
class Entry:
    forms: tuple[str, ...]
    suggestion: str


def _verb(infinitive: str, past: str, participle: str, *more: str) -> tuple[str, ...]:
    stem = infinitive.removesuffix("e")
    return (
        infinitive,
        infinitive + "r",
        infinitive + "s",
        stem,
        past,
        past + "s",
        participle,
        *more,
    )


def _without(forms: tuple[str, ...], *unwanted: str) -> tuple[str, ...]:
    return tuple(form for form in forms if form not in unwanted)


def _with_object(forms: tuple[str, ...], word: str) -> tuple[str, ...]:
    return forms + tuple(f"{form} {word}" for form in forms)


ENTRIES: tuple[Entry, ...] = (
    Entry(("jævnfør", "jf.", "jf", "jvf."), "se"),
    Entry(("i henhold til",), "efter, ifølge"),
    Entry(("pågældende",), "den, det, de"),
    Entry(("foranlediget af", "foranlediget"), "på grund af"),
    Entry(("såfremt",), "hvis"),
    Entry(("dersom",), "hvis"),
    Entry(("hvorvidt",), "om"),
    Entry(("endvidere",), "desuden, også"),
    Entry(("ydermere",), "desuden, også"),
    Entry(_verb("fremsende", "fremsendte", "fremsendt"), "sende"),
    Entry(_verb("tilsende", "tilsendte", "tilsendt"), "sende"),
    Entry(("vedrørende", "vedr."), "om"),
    Entry(("med henblik på",), "for at"),
    Entry(("i medfør af",), "efter, på grund af"),
    Entry(_without(_verb("iværksætte", "iværksatte", "iværksat"), "iværksætter"), "sætte i gang"),
    Entry(_verb("foretage", "foretog", "foretaget", "foretagne"), "gøre"),
    Entry(("forefindes", "forefandtes"), "findes"),
    Entry(("tillige",), "også"),
    Entry(("ligeledes",), "også"),
    Entry(("desangående",), "om det"),
    Entry(("hvorledes",), "hvordan"),
    Entry(("nærværende",), "denne, dette"),
    Entry(("herværende",), "denne, dette"),
    Entry(("indeværende",), "dette, i år"),
    Entry(("ovennævnte", "førnævnte", "ovenstående"), "den, det (nævnt ovenfor)"),
    Entry(("nedenstående",), "følgende"),
    Entry(("fremadrettet",), "fremover"),
    Entry(_verb("påhvile", "påhvilede", "påhvilet"), "være ansvarlig for, skulle"),
    Entry(("imidlertid",), "men"),
    Entry(("såvel som",), "og"),
    Entry(("samt",), "og"),
    Entry(("i tilfælde af",), "hvis"),
    Entry(("forinden",), "før"),
    Entry(("bedes",), "vil du ..."),
    Entry(("idet",), "fordi"),
    Entry(("eftersom",), "fordi"),
    Entry(("al den stund",), "fordi"),
    Entry(("herefter",), "derefter, så"),
    Entry(("hermed",), "her, nu"),
    Entry(("i det omfang",), "hvis, når"),
    Entry(("i forbindelse med",), "ved, når"),
    Entry(("hidtidige", "hidtidig"), "tidligere"),
    Entry(("beror på", "bero på", "beroede på", "beroet på"), "skyldes, afhænger af"),
    Entry(_with_object(_verb("anmode", "anmodede", "anmodet"), "om"), "bede om"),
    Entry(_verb("påbegynde", "påbegyndte", "påbegyndt"), "begynde"),
    Entry(("foreligger", "foreligge", "forelå", "foreligget"), "er, findes"),
    Entry(("fornøden", "fornødent", "fornødne"), "nødvendig"),
    Entry(("forudsat at",), "hvis"),
    Entry(("for så vidt angår",), "om, når det gælder"),
    Entry(("på nuværende tidspunkt", "for nuværende"), "nu"),
    Entry(("i overensstemmelse med",), "efter, som"),
    Entry(("i relation til",), "om, for"),
    Entry(("i givet fald",), "i så fald, hvis det sker"),
    Entry(("omgående",), "straks, med det samme"),
    Entry(("primo",), "først i"),
    Entry(("medio",), "midt i"),
    Entry(("ultimo",), "sidst i"),
    Entry(_verb("tilkendegive", "tilkendegav", "tilkendegivet"), "sige, fortælle"),
)


def _pattern(entry: Entry) -> re.Pattern[str]:
    forms = sorted(entry.forms, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)
    return re.compile(rf"(?<!{_ALNUM})(?:{alternatives})(?!{_ALNUM})", re.IGNORECASE)


_PATTERNS = tuple((_pattern(entry), entry.suggestion) for entry in ENTRIES)


def find(text: str) -> list[Flag]:
    """Flag every bureaucratic word or phrase in text, sorted by position."""
    candidates = [
        Flag(match.group(), suggestion, match.start(), match.end())
        for pattern, suggestion in _PATTERNS
        for match in pattern.finditer(text)
    ]
    return sorted(longest_without_overlap(candidates), key=lambda flag: flag.start)


def longest_without_overlap(flags: list[Flag]) -> list[Flag]:
    """Keep the longest of overlapping flags; on a tie, the earlier one."""
    kept: list[Flag] = []
    for flag in sorted(flags, key=lambda flag: (flag.start - flag.end, flag.start)):
        if all(flag.end <= other.start or other.end <= flag.start for other in kept):
            kept.append(flag)
    return kept
