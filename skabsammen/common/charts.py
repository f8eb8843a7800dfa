"""Bar charts drawn on the server as SVG, with the numbers beside them as a table.

One code path serves the page and, later, PDF reports; no JavaScript is needed.
"""

from dataclasses import dataclass

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
    return f"{value * 100:.0f} %" if percent else f"{value:g}"


def bar_chart(
    *, title: str, bars: list[tuple[str, float | None]], percent: bool = False
) -> BarChart:
    """Lay out a bar chart; None values get no bar and a dash in the table."""
    top = 1.0 if percent else max([value or 0 for _, value in bars] + [1])
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
