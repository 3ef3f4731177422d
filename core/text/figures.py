"""The Writing tab's charts: held-out perplexity as the writer adapts, preference margins before and after."""

from __future__ import annotations

from core.chart_colours import LINE


def perplexity_figure(curve: list[dict], title: str = "How surprised the model is by the part of your text it never saw"):
    """Held-out perplexity (lower: the model expects your text better) at each measured training step."""
    import plotly.graph_objects as go

    figure = go.Figure(go.Scatter(x=[point["step"] for point in curve], y=[point["perplexity"] for point in curve],
                                  mode="lines+markers", name="held-out perplexity", line={"color": LINE}))
    figure.update_layout(title={"text": title, "font": {"size": 14}}, xaxis_title="training step",
                         yaxis_title="perplexity (lower is better)", height=300,
                         margin={"t": 50, "b": 40, "l": 60, "r": 10})
    return figure
