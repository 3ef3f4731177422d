"""Plotly figures for the synthetic-data report: distributions, correlation difference, group rates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.tabular.report import _as_numbers, column_distributions
from core.tabular.schema import BOOLEAN, DATETIME, NUMERIC

REAL_COLOUR, SYNTHETIC_COLOUR = "#4f46e5", "#14b8a6"


def distribution_figure(real: pd.DataFrame, synthetic: pd.DataFrame, column: str, kind: str, label: str | None = None):
    """Real and synthetic shares of one column, side by side in two colours (overlaid, they blended into a third),
    in the bins the report's figures use: a number's ranges are those its "would have to change" share is measured
    on (a chart of its own 30 even ranges showed a column 18% off as two matching outlines)."""
    import plotly.graph_objects as go

    labels, real_shares, synthetic_shares = column_distributions(real[column], synthetic[column], kind)
    if labels and labels[-1] == "(missing)" and real_shares[-1] == 0 and synthetic_shares[-1] == 0:
        labels, real_shares, synthetic_shares = labels[:-1], real_shares[:-1], synthetic_shares[:-1]
    ranges = kind in (NUMERIC, DATETIME)
    figure = go.Figure([
        go.Bar(name="real", x=labels, y=real_shares, marker_color=REAL_COLOUR),
        go.Bar(name="synthetic", x=labels, y=synthetic_shares, marker_color=SYNTHETIC_COLOUR),
    ])
    figure.update_layout(barmode="group", title=f"{label or column}<br><sup>real rows beside synthetic ones</sup>",
                         yaxis_tickformat=".0%", yaxis_title="share of rows", height=400 if ranges else 360,
                         margin=dict(t=70, b=40, l=48, r=10), legend=dict(orientation="h", y=1.0, yanchor="bottom"),
                         # "0%" apart from the first range's "0.0315" (at 6 px they still touched on a phone)
                         yaxis_ticklabelstandoff=10, xaxis_ticklabelstandoff=4)
    if ranges and labels:  # bars named by where their range starts ("0.38"); the hover gives the whole range
        held = real_shares[:len(labels) - (labels[-1] == "(missing)")]
        even = len(held) and held.min() >= 0.75 * held.max()  # quantile ranges, unless many values tie
        starts = _starts(labels, kind)
        every = _label_every(starts)
        named = [n for n in range(len(labels)) if n % every == 0 or labels[n] == "(missing)"]
        shown = _starts([labels[n] for n in named], kind)  # digits to tell the named ones apart: "0.03", not "0.0315"
        figure.update_xaxes(tickvals=[labels[n] for n in named], ticktext=shown, tickangle=0,
                            automargin=True,
                            title="<br>".join((
                                "each bar a range of values,",
                                "named where it starts;" if every == 1 else
                                f"every {_ORDINALS.get(every, f'{every}th')} named where it starts;",
                                "each holding about as many real rows" if even else
                                "the ranges the quality figures compare")))
    return figure


PHONE_AXIS_PX = 300  # a chart's x axis on a 390 px phone
TICK_LETTER_PX, TICK_GAP_PX = 7, 12
_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def _label_every(starts: list[str]) -> int:
    """Name every bar, or every second, third...: as many level labels as a phone's axis holds side by side (twenty
    labels like "0.3798" stood tilted and crowded)."""
    widest = max(len(start) for start in starts) * TICK_LETTER_PX + TICK_GAP_PX
    every = 1
    while -(-len(starts) // every) * widest > PHONE_AXIS_PX:
        every += 1
    return every


def _starts(bars: list[str], kind: str) -> list[str]:
    """Where each range bar starts, short enough to stand under a phone's bar ("0.38" for "0.3798 to 0.4896"), with
    as many digits as it takes to tell neighbours apart ("0.797", "0.8", "0.803", not "0.8" three times)."""
    starts = [bar.split(" to ")[0] for bar in bars]
    if kind != NUMERIC:
        return starts
    for digits in (2, 3, 4):
        shown = [start if start == "(missing)" else
                 f"{float(start):,.0f}" if abs(float(start)) >= 100 else f"{float(start):.{digits}g}" for start in starts]
        if len(set(shown)) == len(shown):
            break
    return shown


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
