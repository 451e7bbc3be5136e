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
    "reason_correction_stage_moved_on": {
        "de": "der Zyklus ist über die Abstimmung zu „{stage}“ hinaus (jetzt: {state}); "
        "eine Korrektur ist nur bis zur nächsten Stufe möglich, danach mit "
        "dkbm zyklus weiter N wiedereroeffnen --stufe {stage_key} neu beraten",
        "en": 'the cycle has moved past the vote on "{stage}" (now: {state}); a correction '
        "is only possible until the next stage, afterwards reopen it with "
        "dkbm zyklus weiter N wiedereroeffnen --stufe {stage_key}",
    },
    "reason_decision_still_carried": {
        "de": "ein Beschluss wird nur aufgehoben, wenn das berichtigte Ergebnis ihn nicht mehr "
        "trägt (dkbm zyklus abstimmung N --korrektur --grund TEXT)",
        "en": "a decision is only revoked when the corrected result no longer carries it "
        "(dkbm zyklus abstimmung N --korrektur --grund TEXT)",
    },
    "reason_meeting_correction_state": {
        "de": "ein Ergebnis kann nur in einer durchgeführten Sitzung berichtigt werden "
        "(jetzt: {state})",
        "en": "a result can only be corrected in a meeting that took place (now: {state})",
    },
    "reason_edit_decided": {
        "de": "„{stage}“ ist beschlossen; einen Schreibfehler mit --grund TEXT redaktionell "
        "berichtigen, inhaltliche Änderungen nach dkbm zyklus weiter N wiedereroeffnen "
        "--stufe {stage_key}",
        "en": '"{stage}" has been decided; fix a typo as an editorial correction with '
        "--grund TEXT, change the substance after dkbm zyklus weiter N wiedereroeffnen "
        "--stufe {stage_key}",
    },
    "reason_editorial_not_decided": {
        "de": "„{stage}“ ist noch nicht beschlossen; ohne --grund bearbeiten",
        "en": '"{stage}" has not been decided yet; edit it without --grund',
    },
    "reason_editorial_only_text": {
        "de": "eine redaktionelle Korrektur (--grund) ändert nur den Wortlaut (--titel); "
        "alles andere nach dkbm zyklus weiter N wiedereroeffnen --stufe STUFE",
        "en": "an editorial correction (--grund) changes only the wording (--titel); "
        "anything else after dkbm zyklus weiter N wiedereroeffnen --stufe STAGE",
    },
    "reason_correction_minutes_outcome": {
        "de": "TOP {top} hat über ein Protokoll entschieden; eine Korrektur darf sein Ergebnis "
        "nicht umkehren, das Protokoll in der nächsten Sitzung erneut beraten",
        "en": "item {top} decided on minutes; a correction may not reverse its outcome, put "
        "the minutes to the next meeting again",
    },
    "reason_correction_sent_back": {
        "de": "nach TOP {top} ging die Stufe zur Überarbeitung zurück; sie ist erneut zur "
        "Abstimmung zu stellen (dkbm zyklus weiter N beteiligung_starten / abstimmung_starten)",
        "en": "after item {top} the stage went back for revision; put it to the vote again "
        "(dkbm zyklus weiter N beteiligung_starten / abstimmung_starten)",
    },
}
