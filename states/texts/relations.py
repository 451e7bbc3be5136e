"""Texts: relations between organisations and the network picture."""

TEXTS: dict[str, dict[str, str]] = {
    "kind_beziehung": {"de": "Beziehung", "en": "relation"},
    "reason_relation_self": {
        "de": "eine Organisation ({id}) kann keine Beziehung zu sich selbst haben",
        "en": "an organisation ({id}) cannot have a relation to itself",
    },
    "reason_relation_dates": {
        "de": "das Ende ({end:%d.%m.%Y}) liegt vor dem Beginn ({start:%d.%m.%Y})",
        "en": "the end ({end:%Y-%m-%d}) is before the start ({start:%Y-%m-%d})",
    },
    "reason_relation_exists": {
        "de": "Beziehung {id} von Organisation {source} zu {target} dieser Art läuft noch; "
        "erst mit 'dkbm netzwerk beenden {id}' beenden",
        "en": "relation {id} of this kind from organisation {source} to {target} is still "
        "running; end it first with 'dkbm netzwerk beenden {id}'",
    },
    "relation_added": {
        "de": "Beziehung {id} angelegt: {source} → {target} ({kind})",
        "en": "Relation {id} added: {source} → {target} ({kind})",
    },
    "relation_ended": {
        "de": "Beziehung {id} beendet zum {day}",
        "en": "Relation {id} ended as of {day}",
    },
    "relation_removed": {
        "de": "Beziehung {id} entfernt: {source} → {target} ({kind})",
        "en": "Relation {id} removed: {source} → {target} ({kind})",
    },
    "relation_none": {
        "de": "Keine Beziehungen.",
        "en": "No relations.",
    },
    "network_picture_written": {
        "de": "Netzwerkbild geschrieben: {path} ({organisations} Organisationen, "
        "{relations} Beziehungen, {hubs} Gremien und AGs)",
        "en": "Network picture written: {path} ({organisations} organisations, "
        "{relations} relations, {hubs} boards and working groups)",
    },
    # the picture and its text alternative
    "network_title": {
        "de": "Netzwerk der Organisationen: {kommune}",
        "en": "Network of organisations: {kommune}",
    },
    "network_summary": {
        "de": "{organisations} Organisationen, nach Sektoren gruppiert und nach ihrem (ersten) "
        "Bildungsbereich gefärbt; {relations} laufende Beziehungen als Linien; {hubs} Gremien "
        "und AGs als Quadrate in der Mitte, verbunden mit den Organisationen ihrer Mitglieder. "
        "{sectors}. Die Liste zum Bild nennt alle Organisationen, Gremien und Beziehungen.",
        "en": "{organisations} organisations, grouped by sector and coloured by their (first) "
        "education area; {relations} current relations as lines; {hubs} boards and working "
        "groups as squares in the middle, connected to the organisations of their members. "
        "{sectors}. The list with the picture names every organisation, board and relation.",
    },
    "network_sector_count": {
        "de": "{sector}: {count}",
        "en": "{sector}: {count}",
    },
    "network_text_sectors": {
        "de": "Organisationen nach Sektor",
        "en": "Organisations by sector",
    },
    "network_text_hubs": {
        "de": "Gremien und AGs und die Organisationen ihrer Mitglieder",
        "en": "Boards and working groups and the organisations of their members",
    },
    "network_text_relations": {
        "de": "Laufende Beziehungen",
        "en": "Current relations",
    },
    "network_text_none": {"de": "keine", "en": "none"},
    "network_no_area": {"de": "ohne Bildungsbereich", "en": "no education area"},
    "network_legend_areas": {"de": "Bildungsbereich", "en": "Education area"},
    "network_legend_relations": {"de": "Beziehung", "en": "Relation"},
    "network_legend_hub": {"de": "Gremium oder AG", "en": "Board or working group"},
}
