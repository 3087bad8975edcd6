"""Inline SVG charts rendered on the server: no chart library, no CDN, readable without JavaScript.

Each function returns SVG markup (already escaped) with `role="img"`, a `<title>` and an
`aria-label`; pages also print the same numbers in a table for screen readers.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 40, 30, 12
COLOURS = ("#2f6db5", "#e08a1e", "#3a9a5b", "#a33b3b", "#7a5ab0")


def _frame(title: str, body: str, height: int = HEIGHT) -> SafeString:
    t = escape(title)
    return mark_safe(  # noqa: S308 - every label below is escaped
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{t}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{t}</title>{body}</svg>'
    )


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000):
        if value <= step * 4:
            return float(step * 4)
    return value * 1.1


def stacked_bars(*, title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> SafeString:
    """One bar per label, stacked by series (e.g. received per month by channel)."""
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(labels), 1)
    parts = [_axis(top, plot_h)]
    for i, label in enumerate(labels):
        y: float = TOP + plot_h
        x = LEFT + i * slot + slot * 0.15
        for k, (name, values) in enumerate(series):
            h = plot_h * values[i] / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[k % len(COLOURS)]}">'
                f"<title>{escape(label)} · {escape(name)}: {values[i]}</title></rect>"
            )
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle">{escape(label)}</text>'
        )
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{y - 3:.1f}" text-anchor="middle">{totals[i]}</text>')
    return _frame(title, "".join(parts))


def line(*, title: str, labels: list[str], values: list[Decimal | None], maximum: float = 100) -> SafeString:
    """A percentage per label; gaps where there is no value (N/A)."""
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(labels), 1)
    parts = [_axis(maximum, plot_h, suffix="%")]
    points: list[str] = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + i * slot + slot / 2
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle">{escape(label)}</text>')
        if value is None:
            if len(points) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{COLOURS[2]}" stroke-width="2" points="{" ".join(points)}"/>'
                )
            points = []
            continue
        y = TOP + plot_h - plot_h * float(value) / maximum
        points.append(f"{x:.1f},{y:.1f}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[2]}">'
            f"<title>{escape(label)}: {value}%</title></circle>"
        )
    if len(points) > 1:
        parts.append(f'<polyline fill="none" stroke="{COLOURS[2]}" stroke-width="2" points="{" ".join(points)}"/>')
    return _frame(title, "".join(parts))


def hbars(*, title: str, items: list[tuple[str, float, str]]) -> SafeString:
    """Horizontal bars: (label, value, shown text), e.g. a channel mix or a ranking."""
    top = max((v for _, v, _ in items), default=0) or 1
    row = 22
    height = TOP + row * len(items) + 8
    parts = []
    for i, (label, value, shown) in enumerate(items):
        y = TOP + i * row
        w = (WIDTH - 260) * value / top
        parts.append(f'<text x="0" y="{y + 14}">{escape(label[:34])}</text>')
        parts.append(f'<rect x="200" y="{y + 3}" width="{w:.1f}" height="14" fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(f'<text x="{205 + w:.1f}" y="{y + 14}">{escape(shown)}</text>')
    return _frame(title, "".join(parts), height)


def _axis(top: float, plot_h: float, suffix: str = "") -> str:
    parts = []
    for k in range(5):
        value = top * k / 4
        y = TOP + plot_h - plot_h * k / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{value:g}{suffix}</text>')
    return "".join(parts)


LEGEND_COLOURS = COLOURS
