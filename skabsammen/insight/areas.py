"""The areas a Danish municipality works in, as short Danish descriptions.

Written once from the municipalities' own subject classification (KL's Emnesystematik,
KLE, main groups) and the usual committees' remits, not from any evaluation data. A
text's similarity to each area is a coarse, readable signal of what it is about; it is
used beside the text's own embedding, never instead of it.
"""

AREAS = (
    "kommunens styrelse, byrådet, udvalg, valg og politisk organisation",
    "borgerinddragelse, nærdemokrati, lokalråd og høringer",
    "fysisk planlægning, kommuneplan og lokalplaner",
    "byggeri, byggetilladelser og bygningsreglement",
    "boliger, almene boligselskaber, lejeforhold og byfornyelse",
    "parker, grønne områder, naturforvaltning og friluftsliv",
    "veje, trafik, cykelstier, parkering og trafiksikkerhed",
    "kollektiv trafik, busser, tog og letbane",
    "vandløb, søer, kyster og klimatilpasning mod oversvømmelse",
    "spildevand, kloakering og vandforsyning",
    "affald, genbrug og renovation",
    "fjernvarme, energiforsyning, el og gas",
    "miljøbeskyttelse, forurening, jord og støj",
    "klima, bæredygtighed og grøn omstilling",
    "landbrug, husdyr og landdistrikter",
    "redningsberedskab, brand og sikkerhed",
    "folkeskole, undervisning og skolernes drift",
    "dagtilbud, vuggestuer, børnehaver og dagpleje",
    "børn og unge, familier og udsatte børn",
    "ungdomsuddannelse, gymnasium og voksenuddannelse",
    "kultur, biblioteker, museer, musik og kunst",
    "idræt, fritid, foreninger og folkeoplysning",
    "sundhed, forebyggelse, sygehuse og praktiserende læger",
    "ældre, hjemmepleje, plejehjem og genoptræning",
    "handicap, psykiatri, misbrug og socialt udsatte voksne",
    "beskæftigelse, jobcenter, ledige og kontanthjælp",
    "integration af flygtninge og indvandrere",
    "pension, boligstøtte og sociale ydelser",
    "erhverv, handel, turisme og erhvervsfremme",
    "budget, regnskab, økonomi, skatter og takster",
    "kommunale ejendomme, køb og salg af jord og bygninger",
    "personale, ansatte, løn og arbejdsmiljø",
    "digitalisering, it og kommunens administration",
    "kommunale selskaber, forsyningsselskaber og fælleskommunalt samarbejde",
    "lovgivning, klager, tilsyn og retssager",
    "internationalt samarbejde, venskabsbyer og EU",
)
