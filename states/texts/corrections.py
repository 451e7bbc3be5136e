"""Texts: corrections of a recorded vote result and of decided content (issue 21)."""

TEXTS: dict[str, dict[str, str]] = {
    "reason_vote_needs_correction": {
        "de": "„{stage}“ ist bereits beschlossen; ein falsch erfasstes Ergebnis mit "
        "--korrektur --grund TEXT berichtigen",
        "en": '"{stage}" has already been decided; correct a wrongly recorded result with '
        "--korrektur --grund TEXT",
    },
    "reason_item_voted_correct": {
        "de": "über TOP {top} wurde bereits abgestimmt; ein falsch erfasstes Ergebnis mit "
        "--korrektur --grund TEXT berichtigen",
        "en": "item {top} has already been voted on; correct a wrongly recorded result with "
        "--korrektur --grund TEXT",
    },
    "reason_not_in_vote_correct": {
        "de": "ein Abstimmungsergebnis kann nur in der Abstimmung erfasst werden (jetzt: "
        "{state}); ein falsch erfasstes Ergebnis einer beschlossenen Stufe mit --korrektur "
        "--grund TEXT berichtigen",
        "en": "a vote result can only be recorded during a vote (now: {state}); correct a "
        "wrongly recorded result of a decided stage with --korrektur --grund TEXT",
    },
    "reason_correction_no_result": {
        "de": "es gibt noch kein Ergebnis, das berichtigt werden könnte; ohne --korrektur erfassen",
        "en": "there is no result yet that could be corrected; record it without --korrektur",
    },
    "reason_correction_without_reason": {
        "de": "eine Korrektur braucht einen Grund (--grund TEXT)",
        "en": "a correction needs a reason (--grund TEXT)",
    },
    "reason_correction_written_vote": {
        "de": "das Ergebnis einer schriftlichen Abstimmung folgt aus den Stimmen "
        "({cast}); einzelne Stimmen mit dkbm zyklus stimme berichtigen",
        "en": "the result of a written vote follows from its ballots ({cast}); correct "
        "single ballots with dkbm zyklus stimme",
    },
    "reason_correction_not_carried_later": {
        "de": "das berichtigte Ergebnis trüge den Beschluss zu „{stage}“ nicht mehr, auf dem "
        "der Zyklus weiterarbeitet (jetzt: {state}); nichts geändert; {way}",
        "en": 'the corrected result would no longer carry the decision on "{stage}" that '
        "the cycle builds on (now: {state}); nothing changed; {way}",
    },
    "reason_correction_not_latest": {
        "de": "„{stage}“ ist nicht beschlossen oder noch nicht abgestimmt; berichtigt werden "
        "kann das Ergebnis einer beschlossenen Stufe ({decided})",
        "en": '"{stage}" has not been decided or voted on yet; a correction applies to the '
        "result of a decided stage ({decided})",
    },
    "reason_correction_no_recorded_result": {
        "de": "zu „{stage}“ ist kein Ergebnis aus einem Protokoll erfasst (schriftliche "
        "Abstimmung: das Ergebnis folgt aus den Stimmen); nichts zu berichtigen",
        "en": 'no result from minutes is recorded for "{stage}" (a written vote\'s result '
        "follows from its ballots); nothing to correct",
    },
    "reason_correction_unchanged": {
        "de": "nichts geändert: das Ergebnis zu „{stage}“ lautet bereits so",
        "en": 'nothing changed: the result for "{stage}" already reads so',
    },
    "way_reopen_now": {
        "de": "dafür die Stufe wieder eröffnen: dkbm zyklus weiter {cycle} wiedereroeffnen "
        "--stufe {stage_key}",
        "en": "reopen the stage for that: dkbm zyklus weiter {cycle} wiedereroeffnen "
        "--stufe {stage_key}",
    },
    "way_reopen_after_review": {
        "de": "dafür die Wirkungsprüfung beginnen (dkbm zyklus weiter {cycle} wirkung_pruefen) "
        "und dort die Stufe wieder eröffnen",
        "en": "for that, start the impact review (dkbm zyklus weiter {cycle} wirkung_pruefen) "
        "and reopen the stage there",
    },
    "way_reopen_later": {
        "de": "wieder eröffnen lässt sich eine beschlossene Stufe erst in der Wirkungsprüfung "
        "nach der Umsetzung",
        "en": "a decided stage can only be reopened in the impact review after the implementation",
    },
    "way_closed": {
        "de": "der Zyklus ist abgeschlossen, eine Stufe lässt sich nicht mehr wieder eröffnen",
        "en": "the cycle is closed, a stage can no longer be reopened",
    },
    "reason_decision_still_carried": {
        "de": "ein Beschluss wird nur aufgehoben, wenn das berichtigte Ergebnis ihn nicht mehr "
        "trägt; das Ergebnis mit dkbm zyklus abstimmung (Zyklus-Nr.) --korrektur --grund TEXT "
        "berichtigen",
        "en": "a decision is only revoked when the corrected result no longer carries it; "
        "correct the result with dkbm zyklus abstimmung (cycle no.) --korrektur --grund TEXT",
    },
    "reason_meeting_correction_state": {
        "de": "ein Ergebnis kann nur in einer durchgeführten Sitzung berichtigt werden "
        "(jetzt: {state})",
        "en": "a result can only be corrected in a meeting that took place (now: {state})",
    },
    "reason_edit_decided": {
        "de": "„{stage}“ ist beschlossen; einen Schreibfehler mit --grund TEXT redaktionell "
        "berichtigen, inhaltliche Änderungen brauchen eine Wiedereröffnung; {way}",
        "en": '"{stage}" has been decided; fix a typo as an editorial correction with '
        "--grund TEXT, a change of substance needs a reopening; {way}",
    },
    "reason_editorial_not_decided": {
        "de": "„{stage}“ ist noch nicht beschlossen; ohne --grund bearbeiten",
        "en": '"{stage}" has not been decided yet; edit it without --grund',
    },
    "reason_editorial_only_text": {
        "de": "eine redaktionelle Korrektur (--grund) ändert nur den Wortlaut (--titel); "
        "alles andere braucht eine Wiedereröffnung; {way}",
        "en": "an editorial correction (--grund) changes only the wording (--titel); "
        "anything else needs a reopening; {way}",
    },
    "reason_editorial_too_much": {
        "de": "mehr als eine redaktionelle Änderung (der neue Wortlaut stimmt nur zu {share} % "
        "mit dem beschlossenen überein, redaktionell sind mindestens {needed} %); {way}",
        "en": "more than an editorial change (the new wording matches the decided one only "
        "by {share} %, editorial means at least {needed} %); {way}",
    },
    "reason_editorial_unchanged": {
        "de": "nichts geändert: der Wortlaut lautet bereits so",
        "en": "nothing changed: the wording already reads so",
    },
    "reason_correction_minutes_outcome": {
        "de": "TOP {top} hat über ein Protokoll entschieden; eine Korrektur darf sein Ergebnis "
        "nicht umkehren, das Protokoll in der nächsten Sitzung erneut beraten",
        "en": "item {top} decided on minutes; a correction may not reverse its outcome, put "
        "the minutes to the next meeting again",
    },
    "reason_correction_sent_back": {
        "de": "nach TOP {top} ging die Stufe zur Überarbeitung zurück; sie erneut in die "
        "Beteiligung und dann zur Abstimmung geben (dkbm zyklus weiter (Zyklus-Nr.) beteiligung_starten)",
        "en": "after item {top} the stage went back for revision; put it to consultation "
        "and then to the vote again (dkbm zyklus weiter (cycle no.) beteiligung_starten)",
    },
    "superseded_result_corrected": {
        "de": "ersetzt: Ergebnis berichtigt",
        "en": "replaced: result corrected",
    },
}
