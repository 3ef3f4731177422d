"""A procedural world for the embedded text-to-image model: scene descriptions, pixel-art renders, captions.

There is no image data set to download, so the project paints its own: `sample_scene(rng)` draws a
structured description (time of day, weather, season, sun, moon and stars, mountains with their
colour and snow, water, trees, buildings), `render_scene(scene)` paints it as 64x64 pixel art, and
`caption(scene, rng)` writes one of many natural-language captions for it. Same seed, same picture.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

import numpy as np
from PIL import Image

SIZE = 64  # the renderer's own grid
# What the embedded model paints and its judge reads: a 64x64 UNet trains 7x slower per step on 2 cores.
MODEL_SIZE = 32
RENDERER_VERSION = 3  # part of cached renders' names: a change to how scenes look must not reuse old pixels
TIMES = ("dawn", "day", "dusk", "night")
WEATHERS = ("clear", "cloudy", "rain", "snow", "fog")
SEASONS = ("spring", "summer", "autumn", "winter")
MOUNTAIN_COLOURS = ("grey", "purple", "blue", "brown")
WATERS = ("none", "lake", "sea", "river")
TREES = ("none", "few", "forest")
BUILDINGS = ("none", "house", "castle", "village", "tower")

SKY = {  # top colour, horizon colour
    ("dawn", "clear"): ((70, 90, 160), (250, 170, 120)), ("day", "clear"): ((60, 130, 230), (170, 210, 250)),
    ("dusk", "clear"): ((60, 40, 110), (240, 110, 70)), ("night", "clear"): ((8, 10, 35), (30, 35, 80)),
}
MOUNTAIN_RGB = {"grey": (120, 120, 130), "purple": (110, 80, 140), "blue": (70, 100, 150), "brown": (130, 95, 60)}
GROUND = {"spring": (90, 170, 80), "summer": (60, 140, 50), "autumn": (170, 130, 60), "winter": (235, 240, 245)}
FOLIAGE = {"spring": (70, 160, 70), "summer": (30, 110, 40), "autumn": (200, 90, 30), "winter": (50, 90, 70)}
# Widths on the 64-pixel grid, chosen so that each building still reads as one at the model's 32x32.
BUILDING_WIDTH = {"none": 0, "house": 12, "village": 30, "castle": 26, "tower": 8}
LIGHT = {"dawn": 0.85, "day": 1.0, "dusk": 0.75, "night": 0.35}


@dataclass(frozen=True)
class Scene:
    time: str = "day"
    weather: str = "clear"
    season: str = "summer"
    sun: bool = True
    moon: bool = False
    stars: bool = False
    mountains: bool = True
    mountain_colour: str = "grey"
    snowy_peaks: bool = False
    water: str = "none"
    trees: str = "few"
    building: str = "none"
    subject: str = "none"  # a thing from core.art.subjects, placed in the foreground, the sky or the water
    lunar: bool = False  # on the moon: grey cratered ground under a black sky (core.art.compositions)
    layout: int = 0  # varies positions and shapes without changing what the picture shows
    # "centre": a subject stands in the middle, in front of any building; "beside": a building stands at one side
    # and a subject on the ground beside it, a little smaller, so that "a cat by a castle" shows the castle
    # (a subject in the sky or on the water hides no building)
    framing: str = "centre"

    def attributes(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k not in ("layout", "framing")}


def sample_scene(rng: random.Random) -> Scene:
    time, weather, season = rng.choice(TIMES), rng.choice(WEATHERS), rng.choice(SEASONS)
    if weather == "snow" and season == "summer":
        season = "winter"
    visible_sky = weather in ("clear", "cloudy")
    mountains = rng.random() < 0.6
    return Scene(
        time=time, weather=weather, season=season,
        sun=time != "night" and visible_sky and rng.random() < 0.8,
        moon=time in ("night", "dusk") and visible_sky and rng.random() < 0.7,
        stars=time == "night" and weather == "clear" and rng.random() < 0.85,
        mountains=mountains, mountain_colour=rng.choice(MOUNTAIN_COLOURS),
        snowy_peaks=mountains and (season == "winter" or rng.random() < 0.3),
        water=rng.choice(WATERS), trees=rng.choice(TREES), building=rng.choice(BUILDINGS),
        layout=rng.randrange(1_000_000),
    )


def _mix(a, b, t: float) -> np.ndarray:
    return np.asarray(a, dtype=np.float32) * (1 - t) + np.asarray(b, dtype=np.float32) * t


def render_scene(scene: Scene, size: int = SIZE) -> Image.Image:
    """Paint `scene` as pixel art, `size` pixels square (drawn at 64 and scaled by whole pixels)."""
    rng = np.random.default_rng(scene.layout)
    n = SIZE
    canvas = np.zeros((n, n, 3), dtype=np.float32)
    horizon = int(n * (0.55 + 0.1 * rng.random()))
    top, bottom = SKY[(scene.time, "clear")]
    if scene.weather in ("cloudy", "rain", "snow", "fog"):
        grey = (150, 155, 165) if scene.time != "night" else (40, 42, 55)
        top, bottom = _mix(top, grey, 0.7), _mix(bottom, grey, 0.7)
    for row in range(horizon):
        canvas[row] = _mix(top, bottom, row / max(horizon - 1, 1))

    if scene.stars:
        for _ in range(40):
            y, x = rng.integers(0, horizon - 8), rng.integers(0, n)
            canvas[y, x] = (255, 255, 230)
    if scene.sun:
        cx, cy = rng.integers(10, n - 10), int(horizon * (0.25 if scene.time == "day" else 0.75))
        colour = (255, 240, 150) if scene.time == "day" else (255, 170, 90)
        _disc(canvas, cx, cy, 5, colour)
    if scene.moon:
        cx, cy = rng.integers(8, n - 8), int(horizon * 0.3)
        _disc(canvas, cx, cy, 4, (240, 240, 220))
        _disc(canvas, cx + 2, cy - 1, 3, canvas[max(cy - 6, 0), max(cx - 6, 0)])
    if scene.weather == "cloudy" or (scene.weather in ("rain", "snow") and rng.random() < 0.5):
        for _ in range(3):
            cx, cy = rng.integers(0, n), rng.integers(3, max(horizon // 2, 4))
            cloud = (235, 235, 240) if scene.time != "night" else (70, 72, 90)
            for dx in (-4, 0, 4):
                _disc(canvas, cx + dx, cy + (1 if dx else 0), 3, cloud)

    if scene.mountains:
        base = np.asarray(MOUNTAIN_RGB[scene.mountain_colour], dtype=np.float32)
        peaks = rng.integers(2, 4)
        heights = horizon - (8 + rng.random(peaks) * (horizon * 0.45))
        centres = np.sort(rng.integers(0, n, peaks))
        for x in range(n):
            ridge = min(heights[i] + abs(x - centres[i]) * (0.9 + 0.4 * rng.random()) for i in range(peaks))
            ridge = int(max(2, ridge))
            for y in range(ridge, horizon):
                shade = 0.85 if (x + y) % 7 == 0 else 1.0
                canvas[y, x] = base * shade
                if scene.snowy_peaks and y < ridge + 3:
                    canvas[y, x] = (245, 248, 255)

    water_mask = np.zeros((n, n), dtype=bool)
    ground = np.asarray(GROUND[scene.season], dtype=np.float32)
    canvas[horizon:] = ground
    for y in range(horizon, n):
        for x in range(0, n, 5):
            if (x * 7 + y * 13 + scene.layout) % 11 == 0:
                canvas[y, x] = ground * 0.85
    if scene.water != "none":
        water = np.asarray((40, 90, 170) if scene.time != "night" else (15, 25, 60), dtype=np.float32)
        if scene.water == "sea":
            canvas[horizon:horizon + (n - horizon) // 2 + 2] = water
        elif scene.water == "lake":
            cx, cy = rng.integers(16, n - 16), horizon + (n - horizon) // 2
            for y in range(horizon + 2, n):
                half = int(14 - abs(y - cy) * 1.6)
                if half > 0:
                    canvas[y, max(cx - half, 0):cx + half] = water
        else:
            x = int(rng.integers(20, n - 20))
            for y in range(horizon, n):
                width = 1 + (y - horizon) // 3
                canvas[y, max(x - width, 0):x + width] = water
                x += int(rng.integers(-1, 2))
        water_mask = np.all(np.abs(canvas - water) < 1, axis=2)
        for y in range(horizon, n, 3):
            canvas[y][water_mask[y] & (np.arange(n) % 4 == y % 4)] = water * 1.3

    building_base = horizon + 8
    beside = scene.framing == "beside" and scene.building != "none" and _stands_on_ground(scene.subject)
    if beside:  # at the left or the right edge, the rest of the width left to the subject
        building_left = 2 if rng.random() < 0.5 else n - BUILDING_WIDTH[scene.building] - 2
    else:
        building_left = int(rng.integers(3, n - BUILDING_WIDTH[scene.building] - 2))
    building_right = building_left + BUILDING_WIDTH[scene.building]

    def hidden(y: int, x: int) -> bool:  # on water, or behind the building
        return water_mask[y, x] or (y < building_base and building_left - 2 <= x < building_right + 2)

    trees = []
    for _ in range({"none": 0, "few": 3, "forest": 14}[scene.trees]):
        for _attempt in range(20):
            x, y = int(rng.integers(2, n - 2)), int(rng.integers(horizon + 1, n - 1))
            if not hidden(y, x):
                trees.append((y, x))
                break
    # Painted back to front: trees behind the building first, then the building, then the trees before it.
    for y, x in sorted(tree for tree in trees if tree[0] < building_base):
        _tree(canvas, x, y, scene)
    if scene.building != "none":
        _building(canvas, scene, building_left, building_base)
    for y, x in sorted(tree for tree in trees if tree[0] >= building_base):
        _tree(canvas, x, y, scene)

    if scene.lunar:
        _lunar_surface(canvas, horizon, rng)
    canvas *= LIGHT[scene.time] if scene.time != "night" and not scene.lunar else 1.0
    if scene.time == "night" and not scene.lunar:
        canvas[horizon:] *= LIGHT["night"]
    if scene.weather == "rain":
        for _ in range(120):
            y, x = rng.integers(0, n - 2), rng.integers(0, n)
            canvas[y:y + 2, x] = _mix(canvas[y, x], (170, 180, 210), 0.6)
    elif scene.weather == "snow":
        for _ in range(90):
            y, x = rng.integers(0, n), rng.integers(0, n)
            canvas[y, x] = (250, 250, 255)
    elif scene.weather == "fog":
        canvas = _mix(canvas, (200, 200, 205), 0.45) if scene.time != "night" else _mix(canvas, (60, 60, 70), 0.45)

    if scene.subject != "none":  # after the weather: what the caption names first stays in plain sight
        free = ((building_right + 2, n) if building_left < n // 2 else (0, building_left - 2)) if beside else (0, n)
        _place_subject(canvas, scene, horizon, water_mask, rng, free)
    image = Image.fromarray(to_palette(canvas), "RGB")
    return image if size == SIZE else image.resize((size, size), Image.Resampling.NEAREST)


def _lunar_surface(canvas: np.ndarray, horizon: int, rng) -> None:
    """The moon's grey ground with craters, under a black sky with stars and the Earth."""
    n = canvas.shape[0]
    canvas[:horizon] = (5, 5, 15)
    for _ in range(50):
        canvas[rng.integers(0, horizon - 2), rng.integers(0, n)] = (230, 230, 240)
    earth_x, earth_y = int(rng.integers(10, n - 10)), int(horizon * 0.35)
    _disc(canvas, earth_x, earth_y, 6, (50, 100, 200))
    _disc(canvas, earth_x - 2, earth_y - 1, 2, (70, 150, 70))
    _disc(canvas, earth_x + 2, earth_y + 2, 2, (70, 150, 70))
    canvas[horizon:] = (150, 150, 155)
    for _ in range(6):
        cx, cy, radius = int(rng.integers(0, n)), int(rng.integers(horizon + 3, n)), int(rng.integers(2, 5))
        _disc(canvas, cx, cy, radius, (115, 115, 120))
        _disc(canvas, cx + 1, cy + 1, max(1, radius - 1), (135, 135, 140))


SUBJECT_PIXELS = {"ground": 40, "sky": 30, "water": 36}  # a subject's long side on the 64-pixel grid
SUBJECT_JITTER = 4  # how far (64-pixel grid) a subject may stand from the middle of the picture
SMALLEST_SUBJECT_BESIDE = 30  # a ground subject's long side beside a building, where the building leaves less


def _stands_on_ground(subject: str) -> bool:
    from core.art.subjects import SUBJECTS

    return subject != "none" and SUBJECTS[subject].where == "ground"


def _place_subject(canvas: np.ndarray, scene: Scene, horizon: int, water_mask: np.ndarray, rng,
                   free: tuple[int, int]) -> None:
    """Paste the subject's sprite large, near the middle of the `free` columns (the whole width, or the side a
    building leaves) as people frame what they ask for: standing on the ground in front, high in the sky, or on
    the water; lit a little less than full daylight at dusk and night, so that it still reads."""
    from core.art.subjects import SUBJECTS, sprite

    n = canvas.shape[0]
    where = SUBJECTS[scene.subject].where
    pixels = SUBJECT_PIXELS[where]
    if where == "ground" and free != (0, n):
        pixels = min(pixels, max(SMALLEST_SUBJECT_BESIDE, free[1] - free[0] - 2))
    picture = np.asarray(sprite(scene.subject, pixels), dtype=np.float32)
    height, width = picture.shape[:2]
    jitter = int(rng.integers(-SUBJECT_JITTER, SUBJECT_JITTER + 1))
    start, end = free if where == "ground" else (0, n)
    left = min(max(start + (end - start - width) // 2 + jitter, 0), n - width)
    if where == "sky":
        top = int(rng.integers(2, 2 + SUBJECT_JITTER))
    elif where == "water" and water_mask.any():
        rows = np.nonzero(water_mask)[0]
        top = min(max(int(np.median(rows)) - height // 2 - 2, horizon - height // 2), n - height)
    else:
        top = n - height - int(rng.integers(1, 1 + SUBJECT_JITTER))
    light = max(0.6, LIGHT[scene.time])
    region = canvas[top:top + height, left:left + width]
    opaque = picture[..., 3] > 0
    region[opaque] = picture[..., :3][opaque] * light


def to_palette(colours) -> np.ndarray:
    """Colours rounded to the renderer's limited palette (steps of 16 per channel), like pixel art."""
    return np.clip(np.round(np.asarray(colours, dtype=np.float32) / 16) * 16, 0, 255).astype(np.uint8)


def _tree(canvas: np.ndarray, x: int, y: int, scene: Scene) -> None:
    foliage = np.asarray(FOLIAGE[scene.season], dtype=np.float32)
    canvas[y - 2:y + 1, x] = (90, 60, 30)
    for level in range(5):
        half = max(0, 2 - level // 2)
        canvas[max(y - 3 - level, 0), max(x - half, 0):x + half + 1] = foliage
    if scene.season == "winter" or scene.weather == "snow":
        canvas[max(y - 7, 0), x] = (250, 250, 255)


def _building(canvas: np.ndarray, scene: Scene, x: int, base: int) -> None:
    """A house or village (pale walls, red roofs) or a castle or tower (grey stone, battlements), with windows."""
    n = canvas.shape[0]
    stone = scene.building in ("castle", "tower")
    wall = np.asarray((150, 150, 160) if stone else (215, 200, 170), dtype=np.float32)
    roof = np.asarray((170, 45, 35), dtype=np.float32)
    window = (255, 210, 100) if scene.time in ("night", "dusk") else (50, 50, 65)
    spans = {"house": [(x, 12, 9)], "village": [(x, 9, 7), (x + 11, 8, 10), (x + 21, 9, 7)],
             "castle": [(x + 4, 18, 12), (x, 5, 18), (x + 21, 5, 18)], "tower": [(x, 8, 24)]}[scene.building]
    for left, width, height in spans:
        top = base - height
        canvas[top:base, max(left, 0):min(left + width, n)] = wall
        if stone:
            canvas[top - 2:top, max(left, 0):min(left + width, n):2] = wall
        else:
            for k in range(width // 2 + 1):
                canvas[top - k - 1, max(left + k - 1, 0):min(left + width - k + 1, n)] = roof
        for wy in range(top + 2, base - 3, 5):
            for wx in range(left + 2, left + width - 2, 4):
                canvas[wy:wy + 2, wx:wx + 2] = window
        if not stone:
            door = left + width // 2
            canvas[base - 3:base, door - 1:door + 1] = (110, 70, 40)


def _disc(canvas: np.ndarray, cx: int, cy: int, radius: int, colour) -> None:
    n = canvas.shape[0]
    for y in range(max(cy - radius, 0), min(cy + radius + 1, n)):
        for x in range(max(cx - radius, 0), min(cx + radius + 1, n)):
            if (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius:
                canvas[y, x] = colour


PHRASES = {
    "time": {"dawn": ["at dawn", "at sunrise", "in the early morning"], "day": ["by day", "in daylight", "at noon"],
             "dusk": ["at dusk", "at sunset", "in the evening"], "night": ["at night", "by night", "at midnight"]},
    "weather": {"clear": ["under a clear sky", "on a clear day", ""], "cloudy": ["under a cloudy sky", "on an overcast day"],
                "rain": ["in the rain", "during a rainstorm"], "snow": ["in falling snow", "during a snowfall"],
                "fog": ["in thick fog", "on a misty day"]},
    "season": {"spring": ["in spring"], "summer": ["in summer"], "autumn": ["in autumn", "in the fall"],
               "winter": ["in winter"]},
    "building": {"none": [""], "house": ["a small house", "a cottage"], "castle": ["a castle", "a stone castle"],
                 "village": ["a village", "a few houses"], "tower": ["a tall tower", "a lone tower"]},
    "water": {"none": [""], "lake": ["a lake", "a pond"], "sea": ["the sea", "the ocean"], "river": ["a river", "a stream"]},
    "trees": {"none": [""], "few": ["a few trees", "some trees"], "forest": ["a forest", "many trees", "woods"]},
}


def caption(scene: Scene, rng: random.Random) -> str:
    """One of many natural-language captions that say what the picture shows."""
    things = []
    if scene.mountains:
        snow = "snowy " if scene.snowy_peaks else ""
        things.append(rng.choice([f"{snow}{scene.mountain_colour} mountains", f"{scene.mountain_colour} {snow}peaks"]))
    for key in ("building", "water", "trees"):
        phrase = rng.choice(PHRASES[key][getattr(scene, key)])
        if phrase:
            things.append(phrase)
    sky = [word for word, present in (("the sun", scene.sun), ("the moon", scene.moon), ("stars", scene.stars))
           if present]
    rng.shuffle(things)
    subject = ", ".join(things[:-1]) + (" and " + things[-1] if len(things) > 1 else things[0] if things else "")
    subject = subject or rng.choice(["an empty landscape", "open fields", "a quiet plain"])
    parts = [rng.choice(["a landscape with", "pixel art of", "a scene with", ""]) + " " + subject,
             rng.choice(PHRASES["time"][scene.time]), rng.choice(PHRASES["weather"][scene.weather]),
             rng.choice(PHRASES["season"][scene.season])]
    if sky:
        parts.append("with " + " and ".join(sky) + " in the sky")
    head, rest = parts[0], [p for p in parts[1:] if p]
    rng.shuffle(rest)
    return " ".join([head.strip()] + rest).strip()
