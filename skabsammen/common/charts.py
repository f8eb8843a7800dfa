"""Bar charts drawn on the server as SVG, with the numbers beside them as a table.

One code path serves the page and, later, PDF reports; no JavaScript is needed.
"""

import math
from dataclasses import dataclass

from django.utils.formats import number_format

WIDTH, HEIGHT = 640, 240
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 44, 28, 12


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    x: float
    y: float
    width: float
    height: float
    text: str


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN_BOTTOM
    left: float = MARGIN_LEFT


def _format(value: float | None, percent: bool) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{value * 100:.0f} %"
    if float(value).is_integer():
        return str(int(value))
    return number_format(round(value, 2))  # the reader's decimal sign: 2,5 in Danish


def _top(values: list[float], percent: bool) -> float:
    """The value at the top of the axis: 100 % for shares; for counts a multiple of the
    four steps between ticks, so that every tick is a whole number."""
    if percent:
        return 1.0
    top = max([*values, 1])
    if all(float(value).is_integer() for value in values):
        return max(4, math.ceil(top / 4) * 4)
    return top


def bar_chart(
    *, title: str, bars: list[tuple[str, float | None]], percent: bool = False
) -> BarChart:
    """Lay out a bar chart; None values get no bar and a dash in the table."""
    top = _top([value for _, value in bars if value is not None], percent)
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (WIDTH - MARGIN_LEFT) / max(len(bars), 1)
    laid_out = []
    for index, (label, value) in enumerate(bars):
        height = plot_height * (value or 0) / top
        laid_out.append(
            Bar(
                label=label,
                value=value,
                x=MARGIN_LEFT + index * slot + slot * 0.15,
                y=HEIGHT - MARGIN_BOTTOM - height,
                width=slot * 0.7,
                height=height,
                text=_format(value, percent),
            )
        )
    ticks = [
        Tick(
            y=HEIGHT - MARGIN_BOTTOM - plot_height * step / 4,
            text=_format(top * step / 4, percent),
        )
        for step in range(5)
    ]
    return BarChart(title=title, bars=laid_out, ticks=ticks)


# Horizontal bar charts with one or more series per group: long names such as districts
# fit, and a second series can set respondents beside the population.
H_WIDTH = 640
H_LABEL_WIDTH = 150
H_RIGHT = 56  # room for the value after the longest bar
H_BAR_HEIGHT = 14
H_GAP = 10
H_TOP = 4
# Blue for the first series (as `.chart-bar`), dark grey for the second: both have a
# contrast of at least 3:1 to white, as WCAG asks of graphics.
H_COLOURS = ("#0059b3", "#6b6b6b")


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
    left: int = H_LABEL_WIDTH


def hbar_chart(
    *, title: str, series: list[str], groups: list[tuple[str, list[float | None]]]
) -> HBarChart:
    """Lay out shares (0–1) as horizontal bars, one bar per series in each group."""
    plot = H_WIDTH - H_LABEL_WIDTH - H_RIGHT
    group_height = len(series) * H_BAR_HEIGHT + H_GAP
    laid_out = []
    for index, (label, values) in enumerate(groups):
        top = H_TOP + index * group_height
        bars = []
        for position, value in enumerate(values):
            y = top + position * H_BAR_HEIGHT
            width = plot * min(max(value or 0, 0), 1)
            bars.append(
                HBar(
                    x=H_LABEL_WIDTH,
                    y=y,
                    width=width,
                    height=H_BAR_HEIGHT - 2,
                    colour=H_COLOURS[position % len(H_COLOURS)],
                    text=_format(value, percent=True),
                    text_x=H_LABEL_WIDTH + width + 4,
                    text_y=y + (H_BAR_HEIGHT - 2) / 2,
                )
            )
        laid_out.append(
            HGroup(label=label, label_y=top + len(series) * H_BAR_HEIGHT / 2, bars=bars)
        )
    return HBarChart(
        title=title,
        series=[Series(label, H_COLOURS[i % len(H_COLOURS)]) for i, label in enumerate(series)],
        groups=laid_out,
        width=H_WIDTH,
        height=H_TOP * 2 + max(len(groups), 1) * group_height,
    )
