"""The council's theme report, "Temaradar": writes (services), reads (selectors), the PDF.

Staff make a report from the current run: the largest visible themes to begin with,
then they choose and order the themes, choose quotes among each theme's quotable
quotes and write candidate topics for future task committees. A draft shows its run's
figures as they are now; publishing copies them into `ThemeReport.content`, so what the
council read stays the same after a new run. The content holds theme labels, counts,
quotable quotes and channel and district counts; never a name.
"""

from dataclasses import dataclass
from datetime import datetime

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skabsammen.audit.services import audit_record
from skabsammen.common.charts import BarChart, HBarChart, bar_chart, hbar_chart
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require

from . import figures
from .models import CandidateTopic, ReportStatus, ReportTheme, Theme, ThemeReport, ThemeRun
from .selectors import quotable_texts, with_voice
from .selectors import quote_candidates as _quote_candidates

DEFAULT_THEMES = 5
THEMES_MAX = 12
QUOTES_DEFAULT = 3
QUOTES_MAX = 5
TOPICS_MAX = 10
TOPIC_MAX = 200
TITLE_MAX = 200
SPLIT_ROWS = 6  # channels and districts shown in a theme's chart


# Services ------------------------------------------------------------------------------


def _default_quotes(theme: Theme, quotable: set[int]) -> list[int]:
    return [q for q in _quote_candidates(theme) if q in quotable][:QUOTES_DEFAULT]


@transaction.atomic
def theme_report_create(*, actor, title: str = "") -> ThemeReport:
    """A draft report on the current run, with its largest visible themes and their
    first quotable quotes."""
    require("themes.manage", actor)
    run = ThemeRun.objects.current()
    if run is None:
        raise ValidationError(_("There are no themes to make a report on yet."), code="no_run")
    title = " ".join(title.split()) or _("Temaradar %(month)s") % {
        "month": date_format(timezone.localdate(), "F Y")
    }
    report = ThemeReport.objects.create(title=title[:TITLE_MAX], run=run, created_by=actor)
    themes = list(run.themes.visible().order_by("-size", "number"))
    quotable = set(quotable_texts(q for t in themes for q in _quote_candidates(t)))
    themes = with_voice(themes, quotable)[:DEFAULT_THEMES]
    ReportTheme.objects.bulk_create(
        ReportTheme(report=report, theme=t, position=i, quotes=_default_quotes(t, quotable))
        for i, t in enumerate(themes)
    )
    audit_record(actor=actor, action="themes.report_create", obj=report, run=run.pk)
    return report


def _editable(actor, report: ThemeReport) -> ThemeReport:
    require("themes.manage", actor)
    report = ThemeReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError(
            _("The report has been published and can no longer be changed."), code="published"
        )
    return report


@transaction.atomic
def theme_report_update(*, actor, report: ThemeReport, title: str, intro: str) -> ThemeReport:
    report = _editable(actor, report)
    title = " ".join(str(title).split())
    if not title:
        raise ValidationError({"title": _("Write a title for the report.")})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": too_long(_("The title"), TITLE_MAX)})
    report.title, report.intro = title, str(intro).strip()
    report.save(update_fields=["title", "intro"])
    audit_record(actor=actor, action="themes.report_update", obj=report)
    return report


@transaction.atomic
def theme_report_add_theme(*, actor, report: ThemeReport, theme: Theme) -> ReportTheme:
    """Add one of the run's visible themes at the end of the report."""
    report = _editable(actor, report)
    if not Theme.objects.visible().filter(pk=theme.pk, run=report.run_id).exists():
        raise ValidationError(
            {"theme": _("Choose one of the report's visible themes.")}, code="not_visible"
        )
    items = report.items.all()
    if items.filter(theme=theme).exists():
        raise ValidationError({"theme": _("The theme is already in the report.")})
    if items.count() >= THEMES_MAX:
        raise ValidationError(
            {"theme": _("A report can have at most %(max)d themes.") % {"max": THEMES_MAX}}
        )
    quotable = set(quotable_texts(_quote_candidates(theme)))
    if not quotable:
        raise ValidationError(
            {"theme": _("No text in the theme may be quoted, so it cannot be published.")},
            code="no_voice",
        )
    item = ReportTheme.objects.create(
        report=report,
        theme=theme,
        position=(items.aggregate(m=Max("position"))["m"] or 0) + 1,
        quotes=_default_quotes(theme, quotable),
    )
    audit_record(actor=actor, action="themes.report_add_theme", obj=report, theme=theme.pk)
    return item


@transaction.atomic
def theme_report_remove_theme(*, actor, report: ThemeReport, theme: Theme) -> None:
    report = _editable(actor, report)
    report.items.filter(theme=theme).delete()
    report.topics.filter(theme=theme).update(theme=None)
    audit_record(actor=actor, action="themes.report_remove_theme", obj=report, theme=theme.pk)


@transaction.atomic
def theme_report_move_theme(*, actor, report: ThemeReport, theme: Theme, up: bool) -> None:
    """Move a theme one place up or down in the report."""
    report = _editable(actor, report)
    items = list(report.items.all())
    index = next((i for i, item in enumerate(items) if item.theme_id == theme.pk), None)
    if index is None:
        raise ValidationError(_("The theme is not in the report."), code="not_in_report")
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        item.position = position
    ReportTheme.objects.bulk_update(items, ["position"])
    audit_record(actor=actor, action="themes.report_move_theme", obj=report, theme=theme.pk)


@transaction.atomic
def theme_report_choose_quotes(
    *, actor, report: ThemeReport, theme: Theme, input_ids: list[int]
) -> ReportTheme:
    """Choose the quotes shown for a theme, among its quotable quotes, in the given order."""
    report = _editable(actor, report)
    item = report.items.select_related("theme").filter(theme=theme).first()
    if item is None:
        raise ValidationError(_("The theme is not in the report."), code="not_in_report")
    chosen = list(dict.fromkeys(input_ids))
    allowed = set(quotable_texts(_quote_candidates(item.theme)))
    if any(i not in allowed for i in chosen):
        raise ValidationError(
            _("Only the theme's quotes that may be quoted can be chosen."), code="not_quotable"
        )
    if len(chosen) > QUOTES_MAX:
        raise ValidationError(
            _("Choose at most %(max)d quotes for a theme.") % {"max": QUOTES_MAX},
            code="too_many_quotes",
        )
    item.quotes = chosen
    item.save(update_fields=["quotes"])
    audit_record(actor=actor, action="themes.report_quotes", obj=report, theme=theme.pk)
    return item


@transaction.atomic
def theme_report_add_topic(
    *, actor, report: ThemeReport, text: str, theme: Theme | None
) -> CandidateTopic:
    """Add a candidate topic for a future task committee, linked to a theme in the report."""
    report = _editable(actor, report)
    text = " ".join(str(text).split())
    if not text:
        raise ValidationError({"text": _("Write the topic.")})
    if len(text) > TOPIC_MAX:
        raise ValidationError({"text": too_long(_("The topic"), TOPIC_MAX)})
    if theme is not None and not report.items.filter(theme=theme).exists():
        raise ValidationError({"theme": _("Choose one of the report's themes.")})
    topics = report.topics.all()
    if topics.count() >= TOPICS_MAX:
        raise ValidationError(
            {"text": _("A report can have at most %(max)d topics.") % {"max": TOPICS_MAX}}
        )
    topic = CandidateTopic.objects.create(
        report=report,
        text=text,
        theme=theme,
        position=(topics.aggregate(m=Max("position"))["m"] or 0) + 1,
    )
    audit_record(actor=actor, action="themes.report_add_topic", obj=report, topic=topic.pk)
    return topic


@transaction.atomic
def theme_report_remove_topic(*, actor, report: ThemeReport, topic_id: int) -> None:
    report = _editable(actor, report)
    report.topics.filter(pk=topic_id).delete()
    audit_record(actor=actor, action="themes.report_remove_topic", obj=report, topic=topic_id)


@transaction.atomic
def theme_report_publish(*, actor, report: ThemeReport) -> ThemeReport:
    """Freeze the figures into the report and make it public."""
    report = _editable(actor, report)
    if not report.items.exists():
        raise ValidationError(_("Choose at least one theme before publishing."), code="empty")
    report.content = live_content(report)
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = actor
    report.save(update_fields=["content", "status", "published_at", "published_by"])
    audit_record(actor=actor, action="themes.report_publish", obj=report)
    return report


@transaction.atomic
def theme_report_delete(*, actor, report: ThemeReport) -> None:
    """Delete a draft (a published report stays)."""
    report = _editable(actor, report)
    audit_record(actor=actor, action="themes.report_delete", obj=report, title=report.title)
    report.delete()


# Selectors -----------------------------------------------------------------------------


def reports_for(user) -> list[ThemeReport]:
    """The published reports, and for staff the drafts too, newest first."""
    reports = ThemeReport.objects.all()
    return list(reports if _staff(user) else reports.published())


def _staff(user) -> bool:
    return rules.test_rule("themes.view", user)


def report_for(user, pk: int) -> ThemeReport | None:
    """The report if `user` may read it: anyone a published one, staff a draft."""
    report = ThemeReport.objects.filter(pk=pk).first()
    if report is None or (not report.is_published and not _staff(user)):
        return None
    return report


def live_content(report: ThemeReport) -> dict:
    """The report's figures from its run as they are now (what publishing freezes)."""
    run = report.run
    items = [
        i
        for i in report.items.select_related("theme")
        if not i.theme.hidden and not i.theme.merged_into_id
    ]
    texts = quotable_texts(q for i in items for q in _quote_candidates(i.theme))
    voiced = {t.pk for t in with_voice([i.theme for i in items], texts)}
    items = [i for i in items if i.theme_id in voiced]
    labels = {i.theme_id: i.theme.label for i in items}
    summary = run.summary if run else {}
    return {
        "run": run.pk if run else None,
        "found_at": run.finished_at.isoformat() if run and run.finished_at else None,
        "texts": summary.get("texts", 0),
        "channels": summary.get("channels", {}),
        "themes": [
            {
                "id": i.theme_id,
                "label": i.theme.label,
                "words": i.theme.words,
                "size": i.theme.size,
                "growth": i.theme.growth,
                "channels": i.theme.channels,
                "districts": i.theme.districts,
                "quotes": [texts[q] for q in i.quotes if q in texts],
                "quote_ids": [q for q in i.quotes if q in texts],
            }
            for i in items
        ],
        "topics": [
            {"text": t.text, "theme": labels.get(t.theme_id, "")} for t in report.topics.all()
        ],
    }


def quote_choices(report: ThemeReport) -> dict[int, list[tuple[int, str, bool]]]:
    """Per theme in the draft: its quotable quotes as (id, text, chosen), chosen first."""
    items = list(report.items.select_related("theme"))
    texts = quotable_texts(q for i in items for q in _quote_candidates(i.theme))
    choices = {}
    for item in items:
        chosen = [q for q in item.quotes if q in texts]
        others = [q for q in _quote_candidates(item.theme) if q in texts and q not in chosen]
        choices[item.theme_id] = [(q, texts[q], True) for q in chosen] + [
            (q, texts[q], False) for q in others
        ]
    return choices


# The page and the PDF read the same `ReportPage` ----------------------------------------


@dataclass
class ThemeSection:
    number: int
    label: str
    words: list[str]
    size: int
    share: float
    growth: list[tuple[str, int]]
    channels: list[tuple[str, int, float]]
    districts: list[tuple[str, int, float]]
    quotes: list[str]
    growth_chart: BarChart
    split_chart: HBarChart


@dataclass
class ReportPage:
    report: ThemeReport
    texts: int
    channels: list[tuple[str, int]]
    themes: list[ThemeSection]
    topics: list[dict]
    found_at: datetime | None = None
    covered: int = 0

    @property
    def rests_on(self) -> str:
        """ "The report rests on N texts from these channels: …" """
        channels = ", ".join(f"{label} ({n})" for label, n in self.channels) or "–"
        return ngettext(
            "The report rests on %(texts)d text, from these channels: %(channels)s.",
            "The report rests on %(texts)d texts, from these channels: %(channels)s.",
            self.texts,
        ) % {"texts": self.texts, "channels": channels}

    @property
    def filename(self) -> str:
        day = timezone.localdate(self.report.published_at or timezone.now())
        draft = "" if self.report.is_published else "-udkast"
        return f"temaradar-{day:%Y-%m-%d}{draft}.pdf"


def _rows(counts: dict[str, int], size: int, label) -> list[tuple[str, int, float]]:
    # Ranked on reading: PostgreSQL's jsonb does not keep the order of a dict's keys.
    ranked = figures.ranked(counts)
    return [(label(key), n, n / size if size else 0.0) for key, n in ranked.items()]


def _section(number: int, theme: dict, total: int) -> ThemeSection:
    from .views import channel_label

    label, size = theme["label"], theme["size"]
    growth = [(figures.quarter_label(k), n) for k, n in sorted(theme["growth"].items())]
    channels = _rows(theme["channels"], size, channel_label)
    districts = _rows(theme["districts"], size, lambda d: d or _("Unknown"))
    return ThemeSection(
        number=number,
        label=label,
        words=theme["words"],
        size=size,
        share=size / total if total else 0.0,
        growth=growth,
        channels=channels,
        districts=districts,
        quotes=theme["quotes"],
        growth_chart=bar_chart(
            title=_("Texts per quarter in “%(theme)s”") % {"theme": label}, bars=growth
        ),
        split_chart=hbar_chart(
            title=_("Share of the texts in “%(theme)s” by channel and district") % {"theme": label},
            series=[_("Share")],
            groups=[(c, [share]) for c, _n, share in channels[:SPLIT_ROWS]]
            + [(d, [share]) for d, _n, share in districts[:SPLIT_ROWS]],
        ),
    )


def _still_quotable(content: dict) -> dict:
    """The frozen content without the quotes whose texts may no longer be quoted (the
    author made the idea private, or it was deleted): the figures stay as published."""
    ids = [q for theme in content["themes"] for q in theme.get("quote_ids", [])]
    allowed = set(quotable_texts(ids)) if ids else set()
    themes = []
    for theme in content["themes"]:
        if "quote_ids" in theme:
            pairs = zip(theme["quote_ids"], theme["quotes"], strict=True)
            theme = {**theme, "quotes": [text for q, text in pairs if q in allowed]}
        themes.append(theme)
    return {**content, "themes": themes}


def report_page(report: ThemeReport) -> ReportPage:
    """What the page and the PDF show: the frozen content, or a draft's live one."""
    from .views import channel_label

    content = report.content if report.is_published else live_content(report)
    if report.is_published:
        content = _still_quotable(content)
    total = content["texts"]
    themes = [_section(n, t, total) for n, t in enumerate(content["themes"], start=1)]
    return ReportPage(
        report=report,
        texts=total,
        channels=[(channel_label(c), n) for c, n in figures.ranked(content["channels"]).items()],
        themes=themes,
        topics=content["topics"],
        found_at=parse_datetime(content["found_at"]) if content["found_at"] else None,
        covered=sum(t.size for t in themes),
    )


def render_pdf(page: ReportPage) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    html = render_to_string(
        "themes/documents/report.html",
        {"page": page, "report": page.report, "municipality": settings.MUNICIPALITY_NAME},
    )
    return HTML(string=html).write_pdf()
