"""Plotly figures for the synthetic-data report: distributions, correlation difference, group rates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.tabular.report import _as_numbers, column_distributions
from core.tabular.schema import BOOLEAN, DATETIME, NUMERIC

REAL_COLOUR, SYNTHETIC_COLOUR = "#4f46e5", "#14b8a6"


def distribution_figure(real: pd.DataFrame, synthetic: pd.DataFrame, column: str, kind: str, label: str | None = None):
    """Real and synthetic shares of one column: a number's as a histogram (real bars, the synthetic outline over
    them, like a statistics book's), a category's side by side in two colours (overlaid, they blended into a third)."""
    if kind in (NUMERIC, DATETIME):
        return _histogram_figure(_as_numbers(real[column], kind), _as_numbers(synthetic[column], kind), kind,
                                 label or column)
    import plotly.graph_objects as go

    labels, real_shares, synthetic_shares = column_distributions(real[column], synthetic[column], kind)
    if labels and labels[-1] == "(missing)" and real_shares[-1] == 0 and synthetic_shares[-1] == 0:
        labels, real_shares, synthetic_shares = labels[:-1], real_shares[:-1], synthetic_shares[:-1]
    figure = go.Figure([
        go.Bar(name="real", x=labels, y=real_shares, marker_color=REAL_COLOUR),
        go.Bar(name="synthetic", x=labels, y=synthetic_shares, marker_color=SYNTHETIC_COLOUR),
    ])
    figure.update_layout(barmode="group", title=f"{label or column}<br><sup>real rows beside synthetic ones</sup>",
                         yaxis_tickformat=".0%", yaxis_title="share of rows", height=360,
                         margin=dict(t=70, b=40, l=48, r=10), legend=dict(orientation="h", y=1.0, yanchor="bottom"),
                         yaxis_ticklabelstandoff=10, xaxis_ticklabelstandoff=4)
    return figure


HISTOGRAM_RANGES = 30
BODY = (0.01, 0.99)  # the share of real values the ranges span; the rarest 1% at each end join the end ranges
WHOLE_NUMBER_SPAN = 40  # whole numbers spanning at most this many get a bar each (a count of late payments)


def histogram_ranges(real_numbers: pd.Series) -> np.ndarray:
    """Edges of even ranges over the body of the real values. Ranges that each hold as many real rows (the ones the
    quality figures are measured on) drew every real bar at 5%, a flat wall that hid the column's shape; even ranges
    over the whole span squeezed the shape into a few bars beside one far value."""
    present = real_numbers.dropna()
    if present.empty:
        return np.array([-0.5, 0.5])
    low, high = (float(value) for value in present.quantile(BODY))
    if (present == present.round()).all() and high - low <= WHOLE_NUMBER_SPAN:
        return np.arange(low - 0.5, high + 1.5)
    if high <= low:
        return np.array([low - 0.5, low + 0.5])
    return np.linspace(low, high, HISTOGRAM_RANGES + 1)


def histogram_shares(numbers: pd.Series, edges: np.ndarray) -> np.ndarray:
    """Each range's share of the present values; values beyond the ends count in the end ranges."""
    present = numbers.dropna().clip(edges[0], edges[-1])
    counts = np.histogram(present, edges)[0].astype(float)
    return counts / max(len(present), 1)


def _histogram_figure(real_numbers: pd.Series, synthetic_numbers: pd.Series, kind: str, label: str):
    import plotly.graph_objects as go

    edges = histogram_ranges(real_numbers)
    real_shares, synthetic_shares = histogram_shares(real_numbers, edges), histogram_shares(synthetic_numbers, edges)
    shown = [pd.Timestamp(int(edge)) for edge in edges] if kind == DATETIME else list(edges)
    centres = [shown[n] + (shown[n + 1] - shown[n]) / 2 for n in range(len(edges) - 1)]
    widths = np.diff(edges) / (1e6 if kind == DATETIME else 1)  # a date axis counts in milliseconds
    ranges = [f"{_value_text(shown[n], kind)} to {_value_text(shown[n + 1], kind)}" for n in range(len(edges) - 1)]
    steps_x = [edge for edge in shown for _ in (0, 1)]  # an outline from the axis, over each range, back down
    steps_y = [0.0] + [y for share in synthetic_shares for y in (share, share)] + [0.0]
    figure = go.Figure([
        go.Bar(name="real", x=centres, y=real_shares, width=widths, marker_color=REAL_COLOUR, opacity=0.7,
               customdata=list(zip(ranges, synthetic_shares)),
               hovertemplate="%{customdata[0]}: real %{y:.1%}, synthetic %{customdata[1]:.1%}<extra></extra>"),
        go.Scatter(name="synthetic", x=steps_x, y=steps_y, mode="lines", hoverinfo="skip",
                   line=dict(color=SYNTHETIC_COLOUR, width=2.5)),
    ])
    notes = _histogram_notes(real_numbers, synthetic_numbers, edges, kind)
    figure.update_layout(title=f"{label}<br><sup>real rows as bars, synthetic as a line</sup>",
                         bargap=0, yaxis_tickformat=".0%", yaxis_title="share of rows", height=360 + 16 * len(notes),
                         margin=dict(t=70, b=40, l=48, r=10), legend=dict(orientation="h", y=1.0, yanchor="bottom"),
                         yaxis_ticklabelstandoff=10, xaxis_ticklabelstandoff=4, xaxis_nticks=6,
                         xaxis_title=dict(text="<br>".join(notes), font=dict(size=12)))
    return figure


def _value_text(value, kind: str) -> str:
    if kind == DATETIME:
        return value.strftime("%Y-%m-%d")
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _histogram_notes(real_numbers: pd.Series, synthetic_numbers: pd.Series, edges: np.ndarray, kind: str) -> list[str]:
    """Which values the end bars also hold, and the missing values no bar shows, in lines short enough for a phone's
    chart (under its axis: above it they ran into the legend)."""
    lines = []
    present = pd.concat([real_numbers, synthetic_numbers]).dropna()
    low, high = (pd.Timestamp(int(edge)) if kind == DATETIME else edge for edge in (edges[0], edges[-1]))
    below, above = (present < edges[0]).any(), (present > edges[-1]).any()
    if below and above:
        lines += [f"values below {_value_text(low, kind)} or above {_value_text(high, kind)}",
                  "are counted in the end bars"]
    elif below or above:
        lines += [f"values {'below' if below else 'above'} {_value_text(low if below else high, kind)}",
                  f"are counted in the {'first' if below else 'last'} bar"]
    missing = [f"{share:.0%} of {name} rows" for name, share in (("real", real_numbers.isna().mean()),
                                                               ("synthetic", synthetic_numbers.isna().mean())) if share]
    if missing:
        lines += [f"missing, so in no bar: {missing[0]}"] + [f"and {more}" for more in missing[1:]]
    return lines


def _correlations(table: pd.DataFrame, column_types: dict[str, str], columns: list[str]) -> pd.DataFrame:
    numbers = pd.DataFrame(index=table.index)
    for name in columns:
        kind = column_types[name]
        if kind == BOOLEAN:
            values = table[name].astype(str)
            numbers[name] = (values == values.value_counts().index[-1]).astype(float)
        else:
            numbers[name] = _as_numbers(table[name], kind)
    return numbers.corr(method="spearman")


CHANGED_PAIRS_SHOWN = 10


def correlation_difference_figure(real: pd.DataFrame, synthetic: pd.DataFrame, column_types: dict[str, str],
                                  max_columns: int = 25, labels: dict[str, str] | None = None,
                                  axis_names: dict[str, str] | None = None):
    """The pairs of number, date and yes/no columns whose link (rank correlation) changed most from the real
    table to the synthetic one, as bars: each named by `axis_names` (a shipped table's few plain words) or the
    columns' own names, on two lines so a phone has room for the bars; the hover names them by `labels`."""
    import plotly.graph_objects as go

    columns = [c for c, k in column_types.items() if k in (NUMERIC, DATETIME, BOOLEAN)][:max_columns]
    if len(columns) < 2:
        return None
    difference = (_correlations(real, column_types, columns) - _correlations(synthetic, column_types, columns)).abs()
    pairs = sorted(((float(difference.iloc[i, j]), columns[i], columns[j]) for i in range(len(columns))
                    for j in range(i + 1, len(columns)) if not np.isnan(difference.iloc[i, j])), reverse=True)
    pairs = pairs[:CHANGED_PAIRS_SHOWN][::-1]  # Plotly draws the first bar at the bottom
    short, plain = (axis_names or {}).get, (labels or {}).get
    figure = go.Figure(go.Bar(
        x=[change for change, _, _ in pairs], orientation="h", marker_color=SYNTHETIC_COLOUR,
        y=[f"{short(a, a)}<br>and {short(b, b)}" for _, a, b in pairs],
        customdata=[f"{plain(a, a)} and {plain(b, b)}" for _, a, b in pairs],
        hovertemplate="%{customdata}: changed by %{x:.2f}<extra></extra>"))
    largest = pairs[-1][0] if pairs else 0.0
    figure.update_xaxes(range=[0, max(0.25, largest * 1.1)], title="change (0 = kept exactly)")
    figure.update_yaxes(automargin=True)
    figure.update_layout(title=f"The {len(pairs)} pairs whose link changed most<br><sup>a link: how much one "
                               "column rises or falls<br>with the other (1 would be the largest change)</sup>",
                         height=120 + 44 * len(pairs), margin=dict(t=84, b=50, l=10, r=10))
    return figure


def group_rates_figure(real_rates: dict, synthetic_rates: dict, outcome: str, positive: str, protected: str,
                       labels: dict[str, str] | None = None):
    import plotly.graph_objects as go

    groups = list(real_rates)
    figure = go.Figure([
        go.Bar(name="real", x=groups, y=[real_rates[g] for g in groups], marker_color=REAL_COLOUR),
        go.Bar(name="synthetic", x=groups, y=[synthetic_rates.get(g, np.nan) for g in groups],
               marker_color=SYNTHETIC_COLOUR),
    ])
    said = (labels or {}).get
    figure.update_layout(barmode="group", title=f"Share with {said(outcome, outcome)} = {positive},<br>"
                                                f"by {said(protected, protected)}",
                         yaxis_tickformat=".0%", height=360, margin=dict(t=50, b=40, l=40, r=10),
                         legend=dict(orientation="h", y=1.1))
    return figure
