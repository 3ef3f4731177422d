"""A picture of the quest as a storyboard: one column per step, the step on top, where it happens below it, and who
it involves at the bottom.

Every link runs straight down its own column, so no two links cross and none runs through a label: a step's label
sits above it (no link goes up), a person's below them (no link goes down), and a place's label below its square,
its column's link to the person starting again under that label. A label keeps within its column's room on a
phone's narrow chart (about 300 px wide), so it never reaches a neighbouring column's link; where neighbouring
labels in one row would meet, every second one sits a lane further out, and a word too long for the room is cut
with "…" (the hover names it whole)."""

from __future__ import annotations

from core.chart_colours import LINE
from core.quests.schema import Quest

STEP_COLOUR, PLACE_COLOUR, PERSON_COLOUR, FOE_COLOUR = LINE, "#14b8a6", "#f59e0b", "#ef4444"
LINK_COLOUR = "#64748b"  # a step's links to its place and people: #cbd5e1 was 1.15:1 on the plot's light blue-grey
PLOT_BACKGROUND = "#e5ecf6"  # plotly's own
PLACE_COLOUR_TEXT = "#0f766e"  # the places' teal, dark enough to read on the plot's background
PHONE_PLOT_PX = 300  # the chart's drawing width on a 390 px phone
LABEL_CHAR_PX = 7  # a 12 px label letter's mean width
LINE_PX = 15  # a 12 px label line's height
SMALL_SIZE = 10  # the places' labels where the room leaves too few letters at 12 px
PEOPLE_LANE_PX = 46  # three lines of a label and a gap: how much lower a crowded row's second lane of labels sits
# The figure's height is set from the y axis' range, plus OUTSIDE_PLOT_PX (title margin, legend, bottom margin), so
# that plotly alone draws UNIT_PX a unit; the app's page draws the plot smaller (67 px a unit), so a link's gap under
# a label, and a label's room inside the map, are counted at FEWEST_UNIT_PX, and hold wherever a unit is drawn 60 to
# 80 px high.
UNIT_PX = 80
OUTSIDE_PLOT_PX = 105
FEWEST_UNIT_PX = 60
STEP_Y, PLACE_Y, PERSON_Y = 2.0, 1.3, 0.0  # more room under the places, where their labels are
LABEL_GAP_PX = 10  # from a marker's centre to its label
COLUMN_MARGIN_PX = 6  # between a place's label and the next column's link


def quest_figure(quest: Quest):
    import plotly.graph_objects as go

    steps = quest.steps
    xs = [float(n) for n in range(1, len(steps) + 1)]
    spread = max(len(steps), 2)
    column_px = PHONE_PLOT_PX / (spread + 0.4)  # the x range is spread + 0.4 wide

    step_texts = [f"{step.index}. {step.type}" for step in steps]
    step_lanes = _lanes(step_texts, xs, column_px)
    if step_lanes is None:
        step_texts = [str(step.index) for step in steps]  # too many to name: the quest's list of steps names them
        step_lanes = _lanes(step_texts, xs, column_px) or 2
    step_labels = [dict(x=x, y=STEP_Y, yshift=12 + LINE_PX * (n % step_lanes), yanchor="bottom", showarrow=False,
                        text=text) for n, (text, x) in enumerate(zip(step_texts, xs))]

    place_size, place_letters = 12, _letters(column_px, 12)
    if place_letters < 7:
        place_size, place_letters = SMALL_SIZE, _letters(column_px, SMALL_SIZE)
    place_texts = [_wrapped(without_article(quest.location(step.location).name), place_letters) for step in steps]
    place_lanes = _lanes(place_texts, xs, column_px, place_size) or 2
    line_px = LINE_PX * place_size / 12
    second_lane_px = max(_lines(text) for text in place_texts[0::2]) * line_px + 4  # below the first lane's labels
    place_drops = []  # how far below its square each place's label ends, in px
    place_labels = []
    for n, (text, x) in enumerate(zip(place_texts, xs)):
        shift = LABEL_GAP_PX + (second_lane_px if n % place_lanes else 0)
        place_labels.append(dict(x=x, y=PLACE_Y, yshift=-shift, yanchor="top", showarrow=False, text=text,
                                 font=dict(color=PLACE_COLOUR_TEXT, size=place_size)))
        place_drops.append(shift + _lines(text) * line_px * 1.25 + 6)  # a line draws a quarter taller than its letters

    people = [(x, quest.character(step.target_character)) for x, step in zip(xs, steps) if step.target_character]
    people_xs = [x for x, _ in people]
    one_column = max(6, int(column_px / LABEL_CHAR_PX))
    narrow = [_person_label(c, one_column, overhang=True) for _, c in people]  # one lane, under its dot
    if _lanes(narrow, people_xs, column_px) == 1:
        people_texts, people_lanes = narrow, 1
    else:  # every second one a lane lower, each as wide as two columns
        people_texts = [_person_label(c, min(12, max(6, int(2 * column_px / LABEL_CHAR_PX) - 1))) for _, c in people]
        people_lanes = _lanes(people_texts, people_xs, column_px) or 2
    people_labels = [dict(x=x, y=PERSON_Y, yshift=-LABEL_GAP_PX - PEOPLE_LANE_PX * (n % people_lanes),
                          yanchor="top", showarrow=False, text=text)
                     for n, (text, x) in enumerate(zip(people_texts, people_xs))]

    link_x, link_y = [], []
    for n, (x, step) in enumerate(zip(xs, steps)):
        link_x += [x, x, None]
        link_y += [STEP_Y, PLACE_Y, None]
        below_label = PLACE_Y - place_drops[n] / FEWEST_UNIT_PX
        if step.target_character and (below_label - PERSON_Y) * FEWEST_UNIT_PX >= 16:  # else the column says it
            link_x += [x, x, None]
            link_y += [below_label, PERSON_Y, None]
    traces = [
        go.Scatter(x=link_x, y=link_y, mode="lines", line=dict(color=LINK_COLOUR, width=1), hoverinfo="skip",
                   showlegend=False),
        go.Scatter(x=xs, y=[STEP_Y] * len(xs), mode="lines", line=dict(color=STEP_COLOUR, width=3),
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=xs, y=[STEP_Y] * len(xs), mode="markers", name="steps",
                   hovertext=[s.description for s in steps], hoverinfo="text", marker=dict(size=18, color=STEP_COLOUR)),
        go.Scatter(x=xs, y=[PLACE_Y] * len(xs), mode="markers", name="places",
                   hovertext=[quest.location(s.location).name for s in steps], hoverinfo="text",
                   marker=dict(size=14, color=PLACE_COLOUR, symbol="square")),
    ]
    for name, hostile, colour in (("characters", False, PERSON_COLOUR), ("foes", True, FOE_COLOUR)):
        group = [(x, c) for x, c in people if bool(c.hostile) == hostile]
        if group:
            traces.append(go.Scatter(
                x=[x for x, _ in group], y=[PERSON_Y] * len(group), mode="markers", name=name,
                hovertext=[f"{c.name}, {c.role}{' (dies)' if not c.alive else ''}" for _, c in group],
                hoverinfo="text", marker=dict(size=14, color=colour, symbol="circle")))
    figure = go.Figure(traces)
    # room for every label inside the map where the page draws it fewest px a unit (the labels' shifts are in px):
    # above the steps their lanes of labels, below the people theirs (a second lane of steps' labels stood on the top
    # edge, half outside)
    top = STEP_Y + (12 + LINE_PX * step_lanes + 6) / FEWEST_UNIT_PX
    below_people = LABEL_GAP_PX + PEOPLE_LANE_PX * (people_lanes - 1) + \
        max((_lines(text) for text in people_texts), default=0) * LINE_PX + 6
    bottom = min(PERSON_Y - below_people / FEWEST_UNIT_PX, PLACE_Y - max(place_drops) / FEWEST_UNIT_PX)
    height = round(OUTSIDE_PLOT_PX + (top - bottom) * UNIT_PX)
    figure.update_layout(title="Each step: where, and who († dies)",
                         annotations=step_labels + place_labels + people_labels, plot_bgcolor=PLOT_BACKGROUND,
                         height=height, margin=dict(t=50, b=20, l=10, r=10),
                         legend=dict(orientation="h", y=-0.05),
                         xaxis=dict(visible=False, range=[0.3, spread + 0.7]),
                         yaxis=dict(visible=False, range=[bottom, top]))
    return figure


def without_article(name: str) -> str:
    """"Sunken Crypt" for "the Sunken Crypt": on a phone's narrow chart every letter counts (hover shows it whole)."""
    return name[4:] if name.lower().startswith("the ") else name


def label_width_px(label: str, size: int = 12) -> float:
    """About how wide a label's longest line draws, in letters `size` px high."""
    return max(len(line) for line in label.split("<br>")) * LABEL_CHAR_PX * size / 12


def _lines(label: str) -> int:
    return label.count("<br>") + 1


def _letters(column_px: float, size: int) -> int:
    """How many letters a place's label may hold on a line: within its column, short of the next column's link."""
    return max(3, min(14, int(2 * (column_px - COLUMN_MARGIN_PX) / (LABEL_CHAR_PX * size / 12))))


def _lanes(labels: list[str], xs: list[float], column_px: float, size: int = 12) -> int | None:
    """1 where neighbouring labels leave each other room on a phone's chart, 2 where every second one must sit a
    lane further out, None where even that crowds them."""
    def fits(row: list[tuple[float, str]]) -> bool:
        return all((x2 - x1) * column_px >= (label_width_px(a, size) + label_width_px(b, size)) / 2
                   for (x1, a), (x2, b) in zip(row, row[1:]))

    labelled = list(zip(xs, labels))
    if fits(labelled):
        return 1
    return 2 if fits(labelled[0::2]) and fits(labelled[1::2]) else None


def _person_label(character, width: int, overhang: bool = False) -> str:
    """The name wrapped, and "†" after its last word for one who dies: wrapped as a word, it stood alone on a line.
    With `overhang` the "†" may stand past `width` (the caller measures the labels); else, where it has no room,
    every line is two letters shorter."""
    label = _wrapped(character.name, width)
    if character.alive:
        return label
    if not overhang and len(label.split("<br>")[-1]) + 2 > width:
        label = _wrapped(character.name, width - 2)
    return label + "\u00a0†"


def _wrapped(label: str, width: int = 12) -> str:
    """A long label on up to three lines of `width` letters, a word longer than that cut with "…", so neighbours on
    a phone's narrow chart do not run into each other or into the next column's link."""
    words, lines = [w if len(w) <= width else w[:width - 1] + "…" for w in label.split()], [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    if len(lines) > 3:
        lines = lines[:2] + [lines[2][:width - 1] + "…"]
    return "<br>".join(lines)
