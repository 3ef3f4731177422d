"""A picture of the quest: steps in order along the top, the places and people they involve below.

Each row's labels keep to their own band, so no two rows' labels meet on a phone's narrow chart: places' above
their markers, people's below theirs, and steps' by turns above and below theirs, so neighbours never meet. The
links from steps run down through the steps' lower labels and the places' band, so those labels are annotations
on a patch of the page's colour (apps/ui.py's style sheet colours the patch in the dark theme) and a link passes
behind them, never through their letters."""

from __future__ import annotations

from core.quests.schema import Quest

STEP_COLOUR, PLACE_COLOUR, PERSON_COLOUR, FOE_COLOUR = "#4f46e5", "#14b8a6", "#f59e0b", "#ef4444"
PLOT_BACKGROUND = "#e5ecf6"  # plotly's own; a place label's patch is the same colour, so only the links show it
PLACE_COLOUR_TEXT = "#0f766e"  # the places' teal, dark enough to read on the label's patch


def quest_figure(quest: Quest):
    import plotly.graph_objects as go

    step_positions = {s.index: (s.index, 2.0) for s in quest.steps}
    used_places = list(dict.fromkeys(s.location for s in quest.steps))
    used_people = list(dict.fromkeys([quest.giver.character] + [s.target_character for s in quest.steps
                                                                   if s.target_character]))
    spread = max(len(quest.steps), 2)

    def row(ids: list[str], y: float) -> dict[str, tuple[float, float]]:
        gap = (spread - 1) / max(len(ids) - 1, 1)
        return {key: (1 + i * gap if len(ids) > 1 else (spread + 1) / 2, y) for i, key in enumerate(ids)}

    place_positions, people_positions = row(used_places, 1.0), row(used_people, 0.0)
    edge_x, edge_y = [], []
    for step in quest.steps:
        x0, y0 = step_positions[step.index]
        for target in (place_positions[step.location], people_positions.get(step.target_character)):
            if target:
                edge_x += [x0, target[0], None]
                edge_y += [y0, target[1], None]
    order_x = [step_positions[s.index][0] for s in quest.steps]
    traces = [
        go.Scatter(x=edge_x, y=edge_y, mode="lines", line=dict(color="#cbd5e1", width=1), hoverinfo="skip",
                   showlegend=False),
        go.Scatter(x=order_x, y=[2.0] * len(order_x), mode="lines", line=dict(color=STEP_COLOUR, width=3),
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=order_x, y=[2.0] * len(order_x), mode="markers", name="steps",
                   hovertext=[s.description for s in quest.steps], hoverinfo="text",
                   marker=dict(size=18, color=STEP_COLOUR)),
        go.Scatter(x=[p[0] for p in place_positions.values()], y=[1.0] * len(place_positions), mode="markers",
                   name="places", hovertext=[quest.location(i).name for i in place_positions],
                   marker=dict(size=14, color=PLACE_COLOUR, symbol="square"), hoverinfo="text"),
    ]
    place_labels = [dict(x=x, y=y, yshift=9, yanchor="bottom", showarrow=False, bgcolor=PLOT_BACKGROUND,
                         borderpad=1, text=_wrapped(_without_article(quest.location(place).name)),
                         font=dict(color=PLACE_COLOUR_TEXT))
                    for place, (x, y) in place_positions.items()]
    step_labels = [dict(x=x, y=2.0, yshift=12 if n % 2 == 0 else -12, yanchor="bottom" if n % 2 == 0 else "top",
                        showarrow=False, bgcolor=PLOT_BACKGROUND, borderpad=1, text=f"{step.index}. {step.type}")
                   for n, (step, x) in enumerate(zip(quest.steps, order_x))]  # by turns above and below
    people = [(quest.character(i), position) for i, position in people_positions.items()]
    for name, hostile, colour in (("characters", False, PERSON_COLOUR), ("foes", True, FOE_COLOUR)):
        group = [(c, position) for c, position in people if bool(c.hostile) == hostile]
        if not group:
            continue
        traces.append(go.Scatter(
            x=[position[0] for _, position in group], y=[0.0] * len(group), mode="markers+text", name=name,
            text=[_wrapped(f"{c.name}{' †' if not c.alive else ''}") for c, _ in group],
            textposition="bottom center",
            hovertext=[f"{c.name}, {c.role}{' (dies)' if not c.alive else ''}" for c, _ in group], hoverinfo="text",
            marker=dict(size=14, color=colour, symbol="circle")))
    figure = go.Figure(traces)
    figure.update_layout(title="Steps, places and people († dies)", annotations=place_labels + step_labels,
                         plot_bgcolor=PLOT_BACKGROUND,
                         height=380, margin=dict(t=50, b=20, l=10, r=10), legend=dict(orientation="h", y=-0.05),
                         xaxis=dict(visible=False, range=[0.3, spread + 0.7]),
                         yaxis=dict(visible=False, range=[-0.75, 2.6]))
    return figure


def _without_article(name: str) -> str:
    """"Sunken Crypt" for "the Sunken Crypt": on a phone's narrow chart every letter counts (hover shows it whole)."""
    return name[4:] if name.lower().startswith("the ") else name


def _wrapped(label: str, width: int = 12) -> str:
    """A long label on two lines, so neighbours on a phone's narrow chart do not run into each other."""
    words, lines = label.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return "<br>".join(lines[:3])

