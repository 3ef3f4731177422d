"""What each setting is made of: names, places, foes, items, twists; and how motivations become plans.

The strategies follow Doran and Parberry's analysis of quests (2011): an NPC's motivation
(knowledge, comfort, reputation, serenity, protection, conquest, wealth, ability, equipment)
is pursued by a strategy, which is a short sequence of actions.
"""

from __future__ import annotations

WORLDS: dict[str, dict[str, list[str]]] = {
    "fantasy": {
        "first_names": ["Aldric", "Brenna", "Corwin", "Dagny", "Elowen", "Fenwick", "Gisela", "Hadrian", "Isolde",
                        "Jorund", "Kaela", "Lothar", "Maelis", "Niamh", "Osric", "Perrin", "Rowena", "Sigrun",
                        "Tamsin", "Ulric", "Wynne", "Ysolde"],
        "roles": ["innkeeper", "village elder", "blacksmith", "priestess", "captain of the guard", "herbalist",
                  "court wizard", "merchant", "huntress", "bard"],
        "hubs": ["Oakhollow", "Brightwater", "Stonebridge", "Greywell", "Marrowmere"],
        "places": ["the Whispering Woods", "the Sunken Crypt", "Ravenpeak", "the Old Mill", "the Mirefen Marsh",
                   "the Ruined Keep", "the Amber Caves", "the King's Road", "the Shrine of Dawn", "the Bone Quarry"],
        "foes": ["goblin raiders", "bandits", "giant spiders", "restless skeletons", "wolves", "cultists"],
        "items": ["a silver amulet", "moonpetal herbs", "an ancient map", "a sealed letter", "dragonglass shards",
                  "a healing draught", "the Elder's tome", "an iron key"],
        "twists": ["the monster is cursed royalty", "the quest giver hired the villain", "the stolen relic is a fake",
                   "the victim staged their own kidnapping", "the bandits are starving villagers"],
    },
    "science fiction": {
        "first_names": ["Ash", "Bex", "Cyra", "Dax", "Echo", "Farrow", "Io", "Juno", "Kade", "Lyra", "Mako", "Nova",
                        "Orin", "Pax", "Quill", "Rhea", "Sol", "Tarik", "Vex", "Zara"],
        "roles": ["station chief", "smuggler", "xenobiologist", "dock engineer", "security officer", "AI custodian",
                  "trader", "medic", "pilot", "archivist"],
        "hubs": ["Kepler Station", "Port Meridian", "Halcyon Ring", "New Ceres", "Drift Market"],
        "places": ["the derelict freighter", "the ice moon caves", "Hangar Nine", "the reactor deck",
                   "the asteroid mine", "the abandoned lab", "the cargo spine", "the listening post",
                   "the terraforming dome", "the orbital junkyard"],
        "foes": ["rogue drones", "pirates", "a rampant security AI", "mutated crawlers", "mercenaries"],
        "items": ["a data core", "a fusion cell", "a star chart", "an encrypted keycard", "coolant canisters",
                  "an alien artefact", "a med-kit", "a navigation chip"],
        "twists": ["the rogue AI is protecting the crew", "the client is a corporate spy", "the artefact is alive",
                   "the distress call was a trap", "the pirates are the station's old crew"],
    },
    "post-apocalyptic": {
        "first_names": ["Ada", "Boone", "Cass", "Dutch", "Ember", "Flint", "Gale", "Hawk", "Ivy", "Jett", "Kit",
                        "Lark", "Moss", "Nash", "Oak", "Piper", "Reed", "Sage", "Tex", "Wren"],
        "roles": ["scrap trader", "water warden", "caravan master", "mechanic", "scout", "doctor", "preacher",
                  "radio operator", "farmer", "settlement boss"],
        "hubs": ["Rustwater", "Haven Nine", "Dustfall", "the Overpass Market", "Greenhouse Camp"],
        "places": ["the flooded subway", "the old dam", "the radio tower", "the burned mall", "the salt flats",
                   "the quarantine zone", "the rail yard", "the collapsed bridge", "the seed vault", "the scrapyard"],
        "foes": ["raiders", "feral dogs", "mutants", "slavers", "scavenger gangs"],
        "items": ["a water purifier", "antibiotics", "a working radio", "fuel canisters", "seed packets",
                  "a pre-war map", "a solar panel", "ammunition"],
        "twists": ["the raiders are protecting the last clean well", "the boss sold out the settlement",
                   "the cure is poisoned", "the missing scout deserted", "the mutants can talk"],
    },
    "gothic horror": {
        "first_names": ["Agatha", "Bram", "Clara", "Edmund", "Florence", "Gideon", "Helena", "Ignatius", "Lenore",
                        "Mortimer", "Octavia", "Percival", "Rosalind", "Silas", "Theodora", "Victor", "Wilhelmina"],
        "roles": ["vicar", "gravedigger", "physician", "countess", "lamplighter", "inspector", "medium",
                  "apothecary", "groundskeeper", "antiquarian"],
        "hubs": ["Blackmoor", "Ashcombe", "Wyvern Hollow", "Saint Morwen", "Grimsby Lane"],
        "places": ["the abandoned asylum", "the family crypt", "the fog-bound moor", "the drowned chapel",
                   "the east wing", "the catacombs", "the lighthouse", "the hedge maze", "the bell tower", "the mire"],
        "foes": ["ghouls", "a shadow hound", "cultists", "restless spirits", "grave robbers"],
        "items": ["a silver dagger", "a lock of hair", "the diary of the late lord", "holy water", "a brass key",
                  "a portrait", "wolfsbane", "a music box"],
        "twists": ["the ghost is trying to warn the living", "the physician caused the plague",
                   "the heir is an impostor", "the vampire is the victim", "the inspector is already dead"],
    },
}

TONES = ("heroic", "dark", "comic", "mysterious")
DIFFICULTIES = ("easy", "normal", "hard", "deadly")
DEFAULT_GOLD = {"easy": 100, "normal": 250, "hard": 500, "deadly": 1000}

# Objective verbs -> the climactic step's type.
OBJECTIVE_VERBS = {
    "kill": ["defeat", "kill", "slay", "destroy", "hunt", "vanquish", "stop", "banish", "eliminate"],
    "escort": ["escort", "rescue", "save", "free", "guide", "evacuate"],
    "gather": ["find", "retrieve", "recover", "collect", "gather", "steal", "obtain", "fetch", "get"],
    "deliver": ["deliver", "bring", "carry", "smuggle"],
    "defend": ["defend", "protect", "guard", "hold"],
    "investigate": ["investigate", "discover", "uncover", "solve", "explore", "spy", "search"],
    "talk": ["convince", "persuade", "negotiate", "talk", "ask", "warn", "recruit"],
}

MOTIVATION_FOR = {"kill": "protection", "escort": "serenity", "gather": "wealth", "deliver": "equipment",
                  "defend": "protection", "investigate": "knowledge", "talk": "reputation"}

# Preparation a strategy calls for before the climax: (step type, what it acts on).
STRATEGIES: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {
    "protection": [("attack threatening entities", [("investigate", "place"), ("kill", "foes")]),
                   ("guard entity", [("talk", "informant"), ("defend", "hub")])],
    "serenity": [("rescue captured NPC", [("talk", "informant"), ("kill", "foes")]),
                 ("recover lost item", [("investigate", "place"), ("gather", "item")])],
    "wealth": [("gather raw materials", [("go", "place"), ("gather", "item")]),
               ("steal valuables", [("investigate", "place"), ("kill", "foes")])],
    "equipment": [("deliver supplies", [("gather", "item"), ("go", "place")]),
                  ("trade for supplies", [("talk", "informant"), ("gather", "item")])],
    "knowledge": [("interview NPC", [("talk", "informant"), ("investigate", "place")]),
                  ("use an item in the field", [("gather", "item"), ("go", "place")])],
    "reputation": [("visit a dangerous place", [("go", "place"), ("kill", "foes")]),
                   ("obtain rare items", [("gather", "item"), ("talk", "informant")])],
    "comfort": [("kill pests", [("go", "place"), ("kill", "foes")]),
                ("obtain luxuries", [("talk", "informant"), ("gather", "item")])],
    "conquest": [("attack enemy", [("investigate", "place"), ("kill", "foes")]),
                 ("steal stuff", [("go", "place"), ("gather", "item")])],
    "ability": [("practise combat", [("kill", "foes"), ("talk", "informant")]),
                ("research a skill", [("investigate", "place"), ("gather", "item")])],
}
