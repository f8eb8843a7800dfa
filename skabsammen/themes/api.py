"""/api/v1/themes: the current themes, as the council reads them.

Labels, sizes, words, growth per quarter and up to three quotes, only from texts their
authors allowed to be quoted; no names, e-mail addresses, districts or ages of anyone.
Hidden themes, themes merged into another and themes that no quotable text speaks for
(their words would come from texts that may not be quoted) are left out.
"""

from datetime import datetime

from ninja import Router, Schema

from . import selectors

router = Router(tags=["themes"])
QUOTES = 3


class QuarterOut(Schema):
    quarter: str  # "2025-Q3"
    texts: int


class ThemeOut(Schema):
    number: int
    label: str  # the name staff gave it, else its words
    name: str
    words: list[str]
    size: int
    growth: list[QuarterOut]
    quotes: list[str]


class ThemesOut(Schema):
    run_id: int | None
    found_at: datetime | None
    texts: int
    k_automatic: bool | None
    themes: list[ThemeOut]


@router.get("", response=ThemesOut, summary="The current themes: labels, sizes, growth")
def list_themes(request):
    run, themes, texts = selectors.published_themes()
    if run is None:
        return {"run_id": None, "found_at": None, "texts": 0, "k_automatic": None, "themes": []}
    wanted = {theme.pk: selectors.quote_candidates(theme) for theme in themes}
    return {
        "run_id": run.pk,
        "found_at": run.finished_at,
        "texts": run.summary.get("texts", 0),
        "k_automatic": run.k_automatic,
        "themes": [
            {
                "number": theme.number,
                "label": theme.label,
                "name": theme.name,
                "words": theme.words,
                "size": theme.size,
                "growth": [{"quarter": q, "texts": n} for q, n in sorted(theme.growth.items())],
                "quotes": list(dict.fromkeys(texts[i] for i in wanted[theme.pk] if i in texts))[
                    :QUOTES
                ],
            }
            for theme in themes
        ],
    }
