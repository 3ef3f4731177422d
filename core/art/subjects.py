"""The things people ask an image generator for, as sprites the scene renderer places: animals, people, vehicles,
buildings, food, plants, space and everyday objects.

    SUBJECTS["cat"].where           # "ground", "sky" or "water": where the renderer puts it
    sprite("cat", 20)               # an RGBA picture of a cat, 20 pixels on its long side

Each subject is drawn from the Noto Color Emoji font (Google, SIL Open Font License 1.1; Debian's
`fonts-noto-color-emoji`, which `make emoji-font` installs): its glyph for the subject's Unicode character,
named here by its Unicode name so a reader can check it (`unicodedata.lookup`). The font is only needed to
make the painter's training pictures, never at run time.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FONT_PATHS = (Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),
              Path("/usr/share/fonts/noto/NotoColorEmoji.ttf"))
FONT_SIZE = 109  # the only size the font's colour bitmaps come in


@dataclass(frozen=True)
class Subject:
    name: str  # the word a caption uses
    character: str  # the Unicode name of its emoji; "A + B" joins two with a zero-width joiner (one emoji)
    kind: str  # animal, person, vehicle, building, food, plant, space, object
    where: str = "ground"  # ground (stands in the foreground), sky (flies), water (floats or swims)
    synonyms: tuple[str, ...] = ()


def _catalogue(kind: str, where: str, entries: str) -> list[Subject]:
    """One subject per line: `name | UNICODE NAME | synonym, synonym`."""
    subjects = []
    for line in entries.strip().splitlines():
        parts = [part.strip() for part in line.split("|")]
        synonyms = tuple(s.strip() for s in parts[2].split(",") if s.strip()) if len(parts) > 2 else ()
        subjects.append(Subject(parts[0], parts[1], kind, where, synonyms))
    return subjects


_ALL = [
    *_catalogue("animal", "ground", """
        cat | CAT | kitten, kitty
        dog | DOG | puppy, hound
        horse | HORSE | pony
        cow | COW | cattle
        pig | PIG | piglet
        sheep | SHEEP | lamb, ewe
        goat | GOAT
        rabbit | RABBIT | bunny, hare
        mouse | MOUSE | mice
        rat | RAT
        fox | FOX FACE
        bear | BEAR FACE
        panda | PANDA FACE
        lion | LION FACE
        tiger | TIGER | tigress
        leopard | LEOPARD | cheetah
        elephant | ELEPHANT
        giraffe | GIRAFFE FACE
        zebra | ZEBRA FACE
        monkey | MONKEY | ape
        gorilla | GORILLA
        camel | BACTRIAN CAMEL | dromedary
        kangaroo | KANGAROO
        deer | DEER | stag, reindeer
        hedgehog | HEDGEHOG
        squirrel | CHIPMUNK | chipmunk
        raccoon | RACCOON
        wolf | WOLF FACE
        unicorn | UNICORN FACE
        dragon | DRAGON
        dinosaur | T-REX | t-rex, t rex
        turtle | TURTLE | tortoise
        snake | SNAKE | serpent
        lizard | LIZARD
        frog | FROG FACE | toad
        chicken | CHICKEN | hen
        rooster | ROOSTER | cockerel
        penguin | PENGUIN
        snail | SNAIL
        ladybird | LADY BEETLE | ladybug
        spider | SPIDER
        crab | CRAB
        sloth | SLOTH
        hippo | HIPPOPOTAMUS | hippopotamus
        rhino | RHINOCEROS | rhinoceros
        koala | KOALA
    """),
    *_catalogue("animal", "sky", """
        bird | BIRD
        eagle | EAGLE | hawk
        owl | OWL
        parrot | PARROT
        bat | BAT
        butterfly | BUTTERFLY
        bee | HONEYBEE | bumblebee, wasp
        dove | DOVE OF PEACE | pigeon
    """),
    *_catalogue("animal", "water", """
        fish | FISH
        whale | SPOUTING WHALE
        dolphin | DOLPHIN
        shark | SHARK
        octopus | OCTOPUS | squid
        duck | DUCK
        swan | SWAN
        seal | SEAL
    """),
    *_catalogue("person", "ground", """
        person | STANDING PERSON | man, woman, human
        child | CHILD | kid, boy, girl
        baby | BABY | infant
        astronaut | ADULT + ROCKET | spaceman, cosmonaut
        wizard | MAGE | witch, sorcerer, magician
        knight | PERSON WITH CROWN | king, queen, prince, princess
        robot | ROBOT FACE | android
        ghost | GHOST | spirit
        alien | EXTRATERRESTRIAL ALIEN | extraterrestrial
        vampire | VAMPIRE
        zombie | ZOMBIE
        superhero | SUPERHERO | hero
        ninja | NINJA
        cook | ADULT + COOKING | chef
        farmer | ADULT + EAR OF RICE | gardener
        detective | SLEUTH OR SPY | spy
        snowman | SNOWMAN WITHOUT SNOW | snowmen
        runner | RUNNER | jogger
    """),
    *_catalogue("vehicle", "ground", """
        car | AUTOMOBILE | auto
        taxi | TAXI | cab
        bus | BUS | coach
        truck | DELIVERY TRUCK | lorry, van
        tractor | TRACTOR
        fire engine | FIRE ENGINE | fire truck
        police car | POLICE CAR
        ambulance | AMBULANCE
        racing car | RACING CAR | race car
        bicycle | BICYCLE | bike
        motorcycle | RACING MOTORCYCLE | motorbike
        scooter | MOTOR SCOOTER | moped
        train | STEAM LOCOMOTIVE | locomotive, steam train
        tram | TRAM CAR | streetcar, trolley
        skateboard | SKATEBOARD
    """),
    *_catalogue("vehicle", "sky", """
        airplane | AIRPLANE | aeroplane, plane, jet
        helicopter | HELICOPTER
        rocket | ROCKET | spaceship
        balloon | BALLOON | party balloon
        ufo | FLYING SAUCER | flying saucer
        kite | KITE
        parachute | PARACHUTE
    """),
    *_catalogue("vehicle", "water", """
        sailboat | SAILBOAT | sailing boat, yacht
        ship | SHIP | ocean liner, steamer
        canoe | CANOE | kayak, boat
        speedboat | SPEEDBOAT | motorboat
    """),
    *_catalogue("building", "ground", """
        tent | TENT | camp
        church | CHURCH | chapel
        mosque | MOSQUE
        temple | HINDU TEMPLE
        stadium | STADIUM | arena
        hospital | HOSPITAL
        ferris wheel | FERRIS WHEEL | big wheel
        fountain | FOUNTAIN
        statue | STATUE OF LIBERTY | statue of liberty
        factory | FACTORY
        hut | HUT | cabin, shack
        school | SCHOOL
    """),
    *_catalogue("food", "ground", """
        apple | RED APPLE
        banana | BANANA
        cherries | CHERRIES | cherry
        strawberry | STRAWBERRY
        watermelon | WATERMELON | melon
        pineapple | PINEAPPLE
        grapes | GRAPES | grape
        lemon | LEMON
        pear | PEAR
        peach | PEACH
        carrot | CARROT
        mushroom | MUSHROOM | toadstool
        pizza | SLICE OF PIZZA
        burger | HAMBURGER | hamburger, cheeseburger
        hot dog | HOT DOG | hotdog
        bread | BREAD | loaf
        croissant | CROISSANT
        cake | BIRTHDAY CAKE | birthday cake
        ice cream | SOFT ICE CREAM | ice-cream, gelato
        donut | DOUGHNUT | doughnut
        cookie | COOKIE | biscuit
        cheese | CHEESE WEDGE
        egg | EGG
        coffee | HOT BEVERAGE | tea, cup of coffee
        pumpkin | JACK-O-LANTERN | jack-o-lantern
    """),
    *_catalogue("plant", "ground", """
        sunflower | SUNFLOWER
        rose | ROSE
        tulip | TULIP
        flower | HIBISCUS | flowers, blossom
        cactus | CACTUS
        palm tree | PALM TREE | palm
        christmas tree | CHRISTMAS TREE | fir tree
        clover | FOUR LEAF CLOVER | shamrock
        potted plant | POTTED PLANT | houseplant
        bouquet | BOUQUET
    """),
    *_catalogue("space", "sky", """
        planet | RINGED PLANET | saturn
        comet | COMET | shooting star
        satellite | SATELLITE
        rainbow | RAINBOW
        earth | EARTH GLOBE EUROPE-AFRICA | globe, the earth
    """),
    *_catalogue("object", "ground", """
        guitar | GUITAR
        piano | MUSICAL KEYBOARD | keyboard
        drum | DRUM WITH DRUMSTICKS | drums
        trumpet | TRUMPET
        ball | SOCCER BALL | football
        teddy bear | TEDDY BEAR | teddy
        gift | WRAPPED PRESENT | present
        umbrella | UMBRELLA
        crown | CROWN
        hat | TOP HAT | top hat
        book | CLOSED BOOK | books
        lamp | ELECTRIC LIGHT BULB | light bulb, bulb
        clock | ALARM CLOCK | alarm clock
        computer | PERSONAL COMPUTER | laptop
        phone | MOBILE PHONE | mobile, smartphone
        camera | CAMERA
        television | TELEVISION | tv
        chair | CHAIR | seat
        bed | BED
        key | KEY
        sword | CROSSED SWORDS | swords
        shield | SHIELD
        treasure chest | MONEY BAG | treasure, gold
        candle | CANDLE
        bell | BELL
        trophy | TROPHY | cup
        backpack | SCHOOL SATCHEL | rucksack, school bag
        shoe | ATHLETIC SHOE | sneaker, trainer
        glasses | EYEGLASSES | spectacles
        magnet | MAGNET
    """),
]
SUBJECTS: dict[str, Subject] = {subject.name: subject for subject in _ALL}


def font_path() -> Path:
    """The Noto Color Emoji font file, or a sentence saying how to install it."""
    for path in FONT_PATHS:
        if path.exists():
            return path
    raise ValueError("The Noto Color Emoji font is not installed: run `make emoji-font` (Debian's "
                     "fonts-noto-color-emoji) to make the painter's training pictures.")


@functools.lru_cache(maxsize=1)
def _font():
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path()), size=FONT_SIZE)


@functools.lru_cache(maxsize=4096)
def _glyph(character: str):
    """The emoji's colour glyph, cropped to what it draws (RGBA, about 128 pixels)."""
    from PIL import Image, ImageDraw

    canvas = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    text = "\N{ZERO WIDTH JOINER}".join(unicodedata.lookup(part.strip()) for part in character.split("+"))
    ImageDraw.Draw(canvas).text((8, 8), text, font=_font(), embedded_color=True)
    return canvas.crop(canvas.getbbox())


def sprite(name: str, size: int):
    """The subject `name` as an RGBA picture `size` pixels on its long side (shrunk with a box filter, then its
    edge made crisp: a pixel is either the sprite's or the scene's)."""
    from PIL import Image

    glyph = _glyph(SUBJECTS[name].character)
    scale = size / max(glyph.size)
    small = glyph.resize((max(1, round(glyph.width * scale)), max(1, round(glyph.height * scale))),
                         Image.Resampling.BOX)
    alpha = small.getchannel("A").point(lambda value: 255 if value >= 128 else 0)
    small.putalpha(alpha)
    return small


def words() -> dict[str, str]:
    """Every word or phrase a prompt may use for a subject, to the subject's name."""
    known = {}
    for subject in SUBJECTS.values():
        for word in (subject.name, *subject.synonyms):
            known[word] = subject.name
    return known
