"""UI modules, one per tab. A tab is listed here only once it works end to end."""

TAB_MODULES = [
    "apps.about",
    "apps.synthetic_data",
    "apps.molecules",
    "apps.quests",
    "apps.deepfake_check",
    "apps.ethics",
]
