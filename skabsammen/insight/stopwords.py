"""Danish stop words, written for this project.

`DANISH` holds the function words of ordinary Danish (pronouns, articles, prepositions,
conjunctions, auxiliaries, common adverbs). `PROCEDURAL` holds the words that municipal
agendas, minutes and letters put around every subject ("godkendelse af", "orientering
om", "punkt", "sag") and so say nothing about what a text is about. Both are left out of
theme labels, of the stem TF-IDF and of the content-words text that is embedded beside
the whole text.
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DANISH = _words(
    """
    ad af aldrig alle alt altid anden andet andre bag blandt blev blive bliver burde bør
    da de dem den denne dens der derefter deres derfor deri dermed derpå dertil des det
    dette dig din dine disse dit dog du efter eftersom egen egne eller ellers en end
    endnu ene eneste enhver ens enten er et fik flere flest fleste foran fordi forrige
    fra få får før først gennem gjorde gjort god godt gør gøre gørende ham han hans har
    havde have hel heller hen hende hendes henover her herefter heri hermed herpå hos
    hun hvad hvem hver hvilke hvilken hvilket hvis hvor hvordan hvorefter hvorfor
    hvorhen hvori hvorimod hvornår hvorved i igen igennem ikke imellem imens imod ind
    indtil ingen intet jeg jer jeres jo kan kom komme kommer kun kunne lad langs lav
    lidt lige ligesom lille man mange med meget mellem men mens mere mest mig min mindre
    mindst mine mit må måske ned nej nemlig nogen nogensinde noget nogle nok nu ny nyt
    når nær næste næsten og også om omkring op os over overalt på samme sammen selv
    selvom senere ses siden sig sige sin sine sit skal skulle som stadig stor store
    synes syntes så sådan således til tilbage tit tre ud uden udover under undtagen var
    ved vi via vil ville vor vore vores vær være været øvrigt a an and are as at be by
    for from in is it of on or that the this to with
    """
)

PROCEDURAL = _words(
    """
    ang angående anmodning ansøgning behandling beslutning beslutningssag bl byråd
    byrådet byrådets dagsorden dagsordenen drøfte drøftelse drøftet endelig etc evt
    fornyet forslag godkende godkendelse godkendt henvendelse henvendelser indstilling
    jf kommunalbestyrelse kommunalbestyrelsen kommunalbestyrelsens kommune kommunen
    kommunens kommunes lukkede lukket meddelelse meddelelser mm mv nr opfølgning
    orientering orienteringssag pkt punkt punkter punktet sag sagen sager samt side
    status udvalg udvalget udvalgets vedr vedrørende vedtagelse åben åbent
    økonomiudvalget
    """
)

ALL = DANISH | PROCEDURAL
