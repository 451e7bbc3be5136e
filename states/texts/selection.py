"""Texts: the Auswahl von Teilnehmenden (proposal and lottery)."""

TEXTS: dict[str, dict[str, str]] = {
    "selection_pick_sektor": {
        "de": "deckt den Sektor {sector} ab",
        "en": "covers the sector {sector}",
    },
    "selection_pick_bereich": {
        "de": "deckt den Bildungsbereich {area} ab",
        "en": "covers the education area {area}",
    },
    "selection_pick_auffuellen": {
        "de": "weiterer Sitz für {sector} (Sektoren ausgewogen, geringe Last zuerst)",
        "en": "further seat for {sector} (sectors balanced, lowest load first)",
    },
    "selection_pick_los": {
        "de": "gelost im Sektor {sector}: {seats} von {pool}",
        "en": "drawn in the sector {sector}: {seats} of {pool}",
    },
    "selection_pick_areas": {"de": "Bereiche: {areas}", "en": "areas: {areas}"},
    "selection_pick_theme": {
        "de": "passt zum Thema ({words})",
        "en": "matches the theme ({words})",
    },
    "selection_load_none": {"de": "keine offenen Pflichten", "en": "no open duties"},
    "selection_load": {"de": "Last {total}: {parts}", "en": "load {total}: {parts}"},
    "selection_load_beteiligungen": {
        "de": "{n} offene Beteiligung(en)",
        "en": "{n} open consultation(s)",
    },
    "selection_load_abstimmungen": {
        "de": "{n} offene schriftliche Abstimmung(en)",
        "en": "{n} open written vote(s)",
    },
    "selection_load_sitzungen": {
        "de": "{n} unbeantwortete Einladung(en)",
        "en": "{n} unanswered invitation(s)",
    },
    "selection_load_aufgaben": {"de": "{n} offene Aufgabe(n)", "en": "{n} open task(s)"},
    "selection_load_mitgliedschaften": {
        "de": "{n} Mitgliedschaft(en)",
        "en": "{n} membership(s)",
    },
    "selection_gap_sektor": {"de": "kein Akteur aus {sector}", "en": "no actor from {sector}"},
    "selection_gap_sektor_bereiche": {
        "de": "kein Akteur aus {sector} mit Bereich {areas}",
        "en": "no actor from {sector} with area {areas}",
    },
    "selection_or": {"de": " oder ", "en": " or "},
    "selection_gap_bereich": {
        "de": "kein Akteur mit Bereich {area}",
        "en": "no actor with area {area}",
    },
    "selection_gap_kein_sitz_sektor": {
        "de": "kein Sitz mehr frei für den Sektor {sector}",
        "en": "no seat left for the sector {sector}",
    },
    "selection_gap_kein_sitz_bereich": {
        "de": "kein Sitz mehr frei für den Bereich {area}",
        "en": "no seat left for the area {area}",
    },
    "selection_gap_sitze": {
        "de": "nur {found} geeignete Akteure für {wanted} Sitze",
        "en": "only {found} suitable actors for {wanted} seats",
    },
    "selection_excluded": {
        "de": "nicht vorgeschlagen: {inaktiv} deaktiviert, {ohne_kanal} ohne Kanal, "
        "{schon_mitglied} schon Mitglied, {ausserhalb_bereiche} außerhalb der Bereiche",
        "en": "not proposed: {inaktiv} deactivated, {ohne_kanal} without a channel, "
        "{schon_mitglied} already members, {ausserhalb_bereiche} outside the areas",
    },
    "selection_for_board": {
        "de": "für „{board}“ (Nr. {id})",
        "en": "for “{board}” (no. {id})",
    },
    "selection_for_consultation": {
        "de": "Eine Beteiligung lädt ihre Teilnehmenden bei ihrem Start ein (Zyklus {cycle}); "
        "der Vorschlag gilt daher für das Gremium des Zyklus, „{board}“ (Nr. {id}): "
        "übernommen werden die Akteure dort als Gast und zur nächsten Beteiligung "
        "eingeladen, die mit diesem Gremium startet.",
        "en": "A consultation invites its participants when it starts (cycle {cycle}); the "
        "proposal is therefore for the cycle's board, “{board}” (no. {id}): taken over, the "
        "actors join it as guests and are invited to the next consultation started with "
        "this board.",
    },
    "selection_rule_propose": {
        "de": "Regel: zuerst je Sektor ein Sitz, dann je gefragtem Bereich, dann auffüllen "
        "mit den wenigsten Sitzen je Sektor; jeweils Thema, dann geringste Last, dann Nr.",
        "en": "rule: first one seat per sector, then per area asked for, then fill from the "
        "sectors with the fewest seats; each time theme, then lowest load, then number.",
    },
    "selection_rule_lot": {
        "de": "Verfahren: Sitze je Sektor im Verhältnis zum Pool (größter Rest); je Sektor "
        "gezogen aus den Akteuren nach Nr. mit dem Zufallsgenerator von Python "
        "(random.Random) und dem Seed {seed}, Sektoren in fester Reihenfolge ({order}); "
        "Sitze: {quotas}",
        "en": "method: seats per sector in proportion to the pool (largest remainder); per "
        "sector drawn from the actors by number with Python's random number generator "
        "(random.Random) and seed {seed}, sectors in a fixed order ({order}); seats: {quotas}",
    },
    "selection_quotas_none": {"de": "keine", "en": "none"},
    # a gap's Akteure left out who would have fitted; `_1`: exactly one
    "selection_left_out_inaktiv": {"de": "{n} deaktiviert", "en": "{n} deactivated"},
    "selection_left_out_inaktiv_1": {"de": "{n} deaktiviert", "en": "{n} deactivated"},
    "selection_left_out_ohne_kanal": {"de": "{n} ohne Kanal", "en": "{n} without a channel"},
    "selection_left_out_ohne_kanal_1": {"de": "{n} ohne Kanal", "en": "{n} without a channel"},
    "selection_left_out_schon_mitglied": {
        "de": "{n} schon Mitglieder",
        "en": "{n} already members",
    },
    "selection_left_out_schon_mitglied_1": {
        "de": "{n} schon Mitglied",
        "en": "{n} already a member",
    },
    "selection_short": {
        "de": "nur {found} von {wanted} Sitzen besetzt",
        "en": "only {found} of {wanted} seats filled",
    },
    "selection_seed": {"de": "Seed: {seed}", "en": "seed: {seed}"},
    "selection_reproduce": {
        "de": "Nachvollziehen (bei gleichem Pool): {command}",
        "en": "To reproduce (with the same pool): {command}",
    },
    "selection_applied": {
        "de": "Übernommen: {n} als {role} in „{board}“ (Nr. {id})",
        "en": "Taken over: {n} as {role} in “{board}” (no. {id})",
    },
    "selection_applied_none": {
        "de": "Nichts zu übernehmen: kein Akteur vorgeschlagen",
        "en": "Nothing to take over: no actor proposed",
    },
    "selection_needs_target": {
        "de": "--uebernehmen braucht ein Ziel: --fuer gremium|ag|beteiligung NR",
        "en": "--uebernehmen needs a target: --fuer gremium|ag|beteiligung NO",
    },
    "selection_seed_without_lot": {
        "de": "--seed gilt nur mit --los",
        "en": "--seed only applies with --los",
    },
    "selection_theme_with_lot": {
        "de": "--thema gilt nicht für das Los (es zieht ohne Thema und Last)",
        "en": "--thema does not apply to the lottery (it draws without theme and load)",
    },
    "selection_board_kind": {
        "de": "Nr. {id} („{board}“) ist kein(e) {kind}",
        "en": "no. {id} (“{board}”) is not a {kind}",
    },
    "selection_target": {
        "de": "gremium NR, ag NR oder beteiligung NR (Zyklus-Nr.)",
        "en": "gremium NO, ag NO or beteiligung NO (cycle no.)",
    },
    "selection_seats": {"de": "1 bis {limit}", "en": "1 to {limit}"},
    "selection_seed_range": {"de": "0 bis {limit}", "en": "0 to {limit}"},
}
