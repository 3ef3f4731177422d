"""UI modules, one per tab, in the app's order. A tab is listed here only once it works end to end.

A module may define `available()`: the tab then appears only where it is true, e.g. where its model's
weights are on this machine or a Hub model is configured for it.
"""

TAB_MODULES = [
    "apps.about",
    "apps.art",
    "apps.writing",
    "apps.quests",
    "apps.synthetic_data",
    "apps.molecules",
    "apps.deepfake_check",
    "apps.ethics",
    "apps.lab",
]
