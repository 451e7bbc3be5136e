"""The network picture's legend (dkbm.network_map)."""

TEXTS: dict[str, dict[str, str]] = {
    "network_legend_membership": {
        "de": "Mitglied in Gremium oder AG",
        "en": "Member of a board or working group",
    },
}
