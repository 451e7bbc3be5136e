"""Texts: guard reasons: why a transition is refused."""

TEXTS: dict[str, dict[str, str]] = {
    "reason_vision_missing": {
        "de": "der Leitbild-Text fehlt noch ('dkbm zyklus leitbild')",
        "en": "the vision statement text is still missing ('dkbm zyklus leitbild')",
    },
    "reason_no_goals": {
        "de": "es ist noch kein strategisches Ziel erfasst ('dkbm zyklus ziel')",
        "en": "no strategic goal has been added yet ('dkbm zyklus ziel')",
    },
    "reason_goal_without_strategy": {
        "de": "Ziel {id} ('{title}') hat noch keine Handlungsstrategie",
        "en": "goal {id} ('{title}') has no action strategy yet",
    },
    "reason_no_measures": {
        "de": "es ist noch keine Maßnahme erfasst ('dkbm zyklus massnahme')",
        "en": "no measure has been added yet ('dkbm zyklus massnahme')",
    },
    "reason_measure_incomplete": {
        "de": "Maßnahme {id} ('{title}') fehlt noch: {missing}",
        "en": "measure {id} ('{title}') is missing: {missing}",
    },
    "reason_deadline_missing": {
        "de": "für die Beteiligung fehlt die Frist (--frist JJJJ-MM-TT)",
        "en": "the consultation needs a deadline (--frist YYYY-MM-DD)",
    },
    "reason_deadline_past": {
        "de": "die Frist {deadline} liegt nicht in der Zukunft",
        "en": "the deadline {deadline} is not in the future",
    },
    "reason_no_invitees": {
        "de": "zur Beteiligung ist niemand eingeladen (Akteure oder Gremium angeben)",
        "en": "nobody is invited to the consultation (name actors or a board)",
    },
    "reason_consultation_open": {
        "de": "die Beteiligung läuft bis {deadline}; es fehlen noch {missing} von {invited} "
        "Rückmeldungen",
        "en": "the consultation runs until {deadline}; {missing} of {invited} answers are "
        "still missing",
    },
    "reason_no_vote": {
        "de": "es ist noch kein Abstimmungsergebnis erfasst ('dkbm zyklus abstimmung' oder "
        "'entscheiden'; bei schriftlicher Abstimmung 'dkbm zyklus stimme')",
        "en": "no vote result has been recorded yet ('dkbm zyklus abstimmung' or "
        "'entscheiden'; for a written vote 'dkbm zyklus stimme')",
    },
    "reason_no_quorum": {
        "de": "das Gremium war nicht beschlussfähig: {present} von {members} stimmberechtigten "
        "Mitgliedern anwesend, nötig sind {needed}",
        "en": "the board had no quorum: {present} of {members} voting members present, "
        "{needed} needed",
    },
    "reason_meeting_past": {
        "de": "der Sitzungstermin {meeting} liegt nicht in der Zukunft",
        "en": "the meeting date {meeting} is not in the future",
    },
    "reason_written_vote_open": {
        "de": "die schriftliche Abstimmung läuft bis {deadline}; abgegeben sind {cast} von "
        "{members} Stimmen; vorzeitig beschließen nur mit Begründung (--grund)",
        "en": "the written vote runs until {deadline}; {cast} of {members} votes are cast; "
        "deciding early needs a reason (--grund)",
    },
    "reason_no_majority": {
        "de": "keine Mehrheit: {yes} Ja- gegen {no} Nein-Stimmen bei {abstain} Enthaltungen",
        "en": "no majority: {yes} yes against {no} no votes with {abstain} abstentions",
    },
    "reason_measure_without_report": {
        "de": "Maßnahme {id} ('{title}') hat noch keinen Fortschrittsbericht",
        "en": "measure {id} ('{title}') has no progress report yet",
    },
    "reason_reopen_stage": {
        "de": "wiedereröffnen braucht --stufe (eine von: {stages})",
        "en": "reopening needs --stufe (one of: {stages})",
    },
    "reason_not_editable": {
        "de": "{what} kann nur im Entwurf der Stufe '{stage}' bearbeitet werden (jetzt: {state})",
        "en": "{what} can only be edited in the draft of stage '{stage}' (now: {state})",
    },
    "reason_not_in_consultation": {
        "de": "Antworten sind nur während einer Beteiligung möglich (jetzt: {state})",
        "en": "answers are only possible during a consultation (now: {state})",
    },
    "reason_deadline_not_in_consultation": {
        "de": "eine Frist lässt sich nur während einer Beteiligung verschieben (jetzt: {state}); "
        "für eine schriftliche Abstimmung gilt die Frist aus 'dkbm zyklus weiter … abstimmung_starten --frist'",
        "en": "a deadline can only be moved during a consultation (now: {state}); a written "
        "vote keeps the deadline given with 'dkbm zyklus weiter … abstimmung_starten --frist'",
    },
    "reason_actor_erased": {
        "de": "Akteur {id} ist gelöscht (DSGVO); es gibt nichts mehr zu ändern",
        "en": "actor {id} was erased (GDPR); there is nothing left to change",
    },
    "reason_actor_in_boards": {
        "de": "Akteur {id} ist noch Mitglied in: {boards}; zuerst dort entfernen "
        "('dkbm gremium mitglied G {id} --entfernen')",
        "en": "actor {id} is still a member of: {boards}; remove the membership first "
        "('dkbm gremium mitglied G {id} --entfernen')",
    },
    "reason_actor_inactive": {
        "de": "Akteur {id} ist deaktiviert ('dkbm akteur aktivieren {id}')",
        "en": "actor {id} is deactivated ('dkbm akteur aktivieren {id}')",
    },
    "reason_deputy_not_voter": {
        "de": "Akteur {actor} ist kein stimmberechtigtes Mitglied von {board}; eine "
        "Stellvertretung vertritt ein stimmberechtigtes Mitglied",
        "en": "actor {actor} is not a voting member of {board}; a deputy stands in for a "
        "voting member",
    },
    "reason_item_referenced": {
        "de": "{what} {id} wird noch gebraucht von {by}; zuerst dort ändern oder entfernen",
        "en": "{what} {id} is still used by {by}; change or remove those first",
    },
    "reason_not_invited": {
        "de": "Akteur {actor} ist zu dieser Beteiligung nicht eingeladen",
        "en": "actor {actor} is not invited to this consultation",
    },
    "reason_not_in_vote": {
        "de": "ein Abstimmungsergebnis kann nur in der Abstimmung erfasst werden (jetzt: {state})",
        "en": "a vote result can only be recorded during a vote (now: {state})",
    },
    "reason_not_a_voter": {
        "de": "Akteur {actor} ist in „{board}“ nicht stimmberechtigt",
        "en": 'actor {actor} has no vote in "{board}"',
    },
    "reason_vote_counts": {
        "de": "Ja + Nein + Enthaltungen ({cast}) übersteigen die Anwesenden ({present})",
        "en": "yes + no + abstentions ({cast}) exceed those present ({present})",
    },
    "reason_present_exceeds": {
        "de": "{present} Anwesende, aber das Gremium hat nur {members} stimmberechtigte Mitglieder",
        "en": "{present} present, but the board has only {members} voting members",
    },
    "reason_not_in_implementation": {
        "de": "Fortschrittsberichte sind nur in der Umsetzung möglich (jetzt: {state})",
        "en": "progress reports are only possible during implementation (now: {state})",
    },
    "reason_not_closed": {
        "de": "ein neuer Zyklus kann nur aus einem abgeschlossenen Zyklus entstehen "
        "(Zyklus {id} ist in {state})",
        "en": "a new cycle can only be seeded from a closed cycle (cycle {id} is in {state})",
    },
    "reason_board_no_voters": {
        "de": "Gremium {id} hat keine stimmberechtigten Mitglieder",
        "en": "board {id} has no voting members",
    },
}
