"""A picture of the quest: steps in order along the top, the places and people they involve below.

Each row's labels keep to their own band, so no two rows' labels meet on a phone's narrow chart: people's below
their markers (in two lanes, every second one lower, where one row of them would meet), steps' and places' by turns
above and below theirs, so neighbours never meet, and each label wraps to the room it has beside the next one in its
band. The links from steps run down through the steps' lower labels and the places' band, so those labels are
annotations on a patch of the page's colour (apps/ui.py's style sheet colours the patch in the dark theme) and a
link passes behind them, never through their letters."""

from __future__ import annotations

from core.quests.schema import Quest

STEP_COLOUR, PLACE_COLOUR, PERSON_COLOUR, FOE_COLOUR = "#4f46e5", "#14b8a6", "#f59e0b", "#ef4444"
LINK_COLOUR = "#64748b"  # a step's links to its place and people: #cbd5e1 was 1.15:1 on the plot's light blue-grey
PLOT_BACKGROUND = "#e5ecf6"  # plotly's own; a place label's patch is the same colour, so only the links show it
PLACE_COLOUR_TEXT = "#0f766e"  # the places' teal, dark enough to read on the label's patch
PHONE_PLOT_PX = 300  # the chart's drawing width on a 390 px phone
LABEL_CHAR_PX = 7  # a 12 px label letter's mean width
SMALL_SIZE = 10  # the places' labels where a long one-word name ("Whispering") leaves no room at 12 px
PEOPLE_LANE_PX = 46  # three lines of a label and a gap: how much lower a crowded row's second lane of labels sits
UNIT_PX = 92  # the height of one row of the chart (from the people to the places) at its usual 380 px


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
    place_width = _line_width(len(used_places), spread, staggered=True)
    people_width = _line_width(len(used_people), spread)
    edge_x, edge_y = [], []
    for step in quest.steps:
        x0, y0 = step_positions[step.index]
        for target in (place_positions[step.location], people_positions.get(step.target_character)):
            if target:
                edge_x += [x0, target[0], None]
                edge_y += [y0, target[1], None]
    order_x = [step_positions[s.index][0] for s in quest.steps]
    traces = [
        go.Scatter(x=edge_x, y=edge_y, mode="lines", line=dict(color=LINK_COLOUR, width=1), hoverinfo="skip",
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
    place_texts = [_wrapped(without_article(quest.location(place).name), place_width) for place in place_positions]
    place_xs = [x for x, _ in place_positions.values()]
    place_size = 12 if all(_fits(place_texts[lane::2], place_xs[lane::2], spread) for lane in (0, 1)) else SMALL_SIZE
    place_labels = [dict(x=x, y=1.0, yshift=9 if n % 2 == 0 else -9, yanchor="bottom" if n % 2 == 0 else "top",
                         showarrow=False, bgcolor=PLOT_BACKGROUND, borderpad=1, text=text,
                         font=dict(color=PLACE_COLOUR_TEXT, size=place_size))
                    for n, (text, x) in enumerate(zip(place_texts, place_xs))]  # by turns above and below
    step_texts = [f"{step.index}. {step.type}" for step in quest.steps]
    if not all(_fits(step_texts[lane::2], order_x[lane::2], spread) for lane in (0, 1)):
        step_texts = [str(step.index) for step in quest.steps]  # too many to name: the list above names them
    step_labels = [dict(x=x, y=2.0, yshift=12 if n % 2 == 0 else -12, yanchor="bottom" if n % 2 == 0 else "top",
                        showarrow=False, bgcolor=PLOT_BACKGROUND, borderpad=1, text=text)
                   for n, (text, x) in enumerate(zip(step_texts, order_x))]  # by turns above and below
    people = [(quest.character(i), position) for i, position in people_positions.items()]
    names = [f"{c.name}{' †' if not c.alive else ''}" for c, _ in people]
    xs = [position[0] for _, position in people]
    lanes = 1 if _fits([_wrapped(n, people_width) for n in names], xs, spread) else 2
    if lanes == 2:  # too many for one line of labels on a phone: every second one a lane lower
        people_width = _line_width(len(people), spread, staggered=True)
    people_labels = [dict(x=x, y=0.0, yshift=-9 - PEOPLE_LANE_PX * (n % lanes), yanchor="top", showarrow=False,
                          bgcolor=PLOT_BACKGROUND, borderpad=1, text=_wrapped(name, people_width))
                     for n, (name, x) in enumerate(zip(names, xs))]
    for name, hostile, colour in (("characters", False, PERSON_COLOUR), ("foes", True, FOE_COLOUR)):
        group = [(c, position) for c, position in people if bool(c.hostile) == hostile]
        if not group:
            continue
        traces.append(go.Scatter(
            x=[position[0] for _, position in group], y=[0.0] * len(group), mode="markers", name=name,
            hovertext=[f"{c.name}, {c.role}{' (dies)' if not c.alive else ''}" for c, _ in group], hoverinfo="text",
            marker=dict(size=14, color=colour, symbol="circle")))
    figure = go.Figure(traces)
    lower = PEOPLE_LANE_PX * (lanes - 1) / UNIT_PX * 1.3  # the second lane's room below the chart's usual bottom
    figure.update_layout(title="Steps, places and people († dies)",
                         annotations=place_labels + step_labels + people_labels, plot_bgcolor=PLOT_BACKGROUND,
                         height=380 + PEOPLE_LANE_PX * (lanes - 1), margin=dict(t=50, b=20, l=10, r=10),
                         legend=dict(orientation="h", y=-0.05),
                         xaxis=dict(visible=False, range=[0.3, spread + 0.7]),
                         yaxis=dict(visible=False, range=[-0.75 - lower, 2.6]))
    return figure


def without_article(name: str) -> str:
    """"Sunken Crypt" for "the Sunken Crypt": on a phone's narrow chart every letter counts (hover shows it whole)."""
    return name[4:] if name.lower().startswith("the ") else name


def _fits(labels: list[str], xs: list[float], spread: int, size: int = 12) -> bool:
    """Whether labels side by side at `xs`, in letters `size` px high, leave each other room on a phone's chart."""
    def half(label: str) -> float:
        return max(len(line) for line in label.split("<br>")) * LABEL_CHAR_PX * size / 12 / 2

    scale = PHONE_PLOT_PX / (spread + 0.4)
    ordered = sorted(zip(xs, labels))
    return all((x2 - x1) * scale >= half(a) + half(b) for (x1, a), (x2, b) in zip(ordered, ordered[1:]))


def _line_width(labels: int, spread: int, staggered: bool = False) -> int:
    """How many letters a line of a row's label may hold: what fits between neighbours on a phone's chart (12 at
    most, 6 at least), so "Sunken Crypt" and "Bone Quarry" side by side each take two lines. Labels by turns above
    and below meet only every second one."""
    if labels < 2:
        return 12
    gap_px = PHONE_PLOT_PX * (spread - 1) / (labels - 1) / (spread + 0.4)  # the x range is spread + 0.4 wide
    gap_px *= 2 if staggered else 1
    return max(6, min(12, int(gap_px / LABEL_CHAR_PX) - 1))


def _wrapped(label: str, width: int = 12) -> str:
    """A long label on up to three lines of `width` letters, so neighbours on a phone's narrow chart do not run into
    each other."""
    words, lines = label.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return "<br>".join(lines[:3])

