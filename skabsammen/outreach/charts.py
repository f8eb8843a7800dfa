"""Horizontal bar charts with one or more series per group, drawn on the server as SVG.

The same approach as `skabsammen.common.charts` (no JavaScript, one code path for page
and PDF, the numbers in a table beside the chart); horizontal, so that long names such
as districts fit, and with a second series to set respondents beside the population.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 150
RIGHT = 56  # room for the value after the longest bar
BAR_HEIGHT = 14
GAP = 10
TOP = 4
# Blue for the first series (as `.chart-bar`), dark grey for the second: both have a
# contrast of at least 3:1 to white, as WCAG asks of graphics.
COLOURS = ("#0059b3", "#6b6b6b")


@dataclass(frozen=True)
class HBar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class HGroup:
    label: str
    label_y: float
    bars: list[HBar]


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


@dataclass(frozen=True)
class HBarChart:
    title: str
    series: list[Series]
    groups: list[HGroup]
    width: int
    height: int
    left: int = LABEL_WIDTH


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def hbar_chart(
    *, title: str, series: list[str], groups: list[tuple[str, list[float | None]]]
) -> HBarChart:
    """Lay out shares (0–1) as horizontal bars, one bar per series in each group."""
    plot = WIDTH - LABEL_WIDTH - RIGHT
    group_height = len(series) * BAR_HEIGHT + GAP
    laid_out = []
    for index, (label, values) in enumerate(groups):
        top = TOP + index * group_height
        bars = []
        for position, value in enumerate(values):
            y = top + position * BAR_HEIGHT
            width = plot * min(max(value or 0, 0), 1)
            bars.append(
                HBar(
                    x=LABEL_WIDTH,
                    y=y,
                    width=width,
                    height=BAR_HEIGHT - 2,
                    colour=COLOURS[position % len(COLOURS)],
                    text=_percent(value),
                    text_x=LABEL_WIDTH + width + 4,
                    text_y=y + (BAR_HEIGHT - 2) / 2,
                )
            )
        laid_out.append(HGroup(label=label, label_y=top + len(series) * BAR_HEIGHT / 2, bars=bars))
    return HBarChart(
        title=title,
        series=[Series(label, COLOURS[i % len(COLOURS)]) for i, label in enumerate(series)],
        groups=laid_out,
        width=WIDTH,
        height=TOP * 2 + max(len(groups), 1) * group_height,
    )
