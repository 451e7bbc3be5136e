"""Texts: Sitzungen, TOPs, Aufgaben and the Protokoll."""

TEXTS: dict[str, dict[str, str]] = {
    "conflict_meeting": {
        "de": "Konflikt: Sitzung {id} wurde inzwischen geändert; bitte erneut versuchen",
        "en": "conflict: meeting {id} was changed meanwhile; please try again",
    },
    "reason_meeting_no_agenda": {
        "de": "die Tagesordnung ist leer; bitte zuerst TOPs anlegen",
        "en": "the agenda is empty; add items first",
    },
    "reason_meeting_date_past": {
        "de": "der Termin liegt nicht in der Zukunft",
        "en": "the date is not in the future",
    },
    "reason_meeting_notice": {
        "de": "die Ladungsfrist ({period}) ist verstrichen, die Ladung hätte bis {latest} "
        "hinausgehen müssen; mit --dringlich GRUND trotzdem einladen",
        "en": "the notice period ({period}) has passed, the invitation was due by {latest}; "
        "use --dringlich REASON to invite anyway",
    },
    "reason_meeting_not_begun": {
        "de": "die Sitzung hat noch nicht begonnen",
        "en": "the meeting has not begun yet",
    },
    "reason_meeting_cancel_reason": {
        "de": "bitte einen Grund für die Absage angeben (--grund)",
        "en": "please give a reason for the cancellation (--grund)",
    },
    "reason_meeting_no_place": {
        "de": "bitte einen Ort (--ort) oder einen Videolink (--video) angeben",
        "en": "please give a place (--ort) or a video link (--video)",
    },
    "reason_meeting_ends_before": {
        "de": "das Ende liegt vor dem Beginn",
        "en": "the end lies before the start",
    },
    "reason_meeting_state": {
        "de": "im Zustand {state} nicht möglich",
        "en": "not possible in state {state}",
    },
    "reason_meeting_not_held": {
        "de": "die Sitzung ist nicht als durchgeführt erfasst (Zustand {state}); "
        "zuerst 'dkbm sitzung durchfuehren'",
        "en": "the meeting is not recorded as held (state {state}); "
        "run 'dkbm sitzung durchfuehren' first",
    },
    "reason_meeting_vote_after_minutes": {
        "de": "die Sitzung ist durchgeführt und ihr Protokoll schon entworfen (Zustand {state}); "
        "Ergebnisse werden vor dem Protokollentwurf erfasst",
        "en": "the meeting was held and its minutes are already drafted (state {state}); "
        "results are recorded before the minutes are drafted",
    },
    "reason_meeting_votes": {
        "de": "{cast} Stimmen abgegeben, aber nur {seats} stimmberechtigte Anwesende",
        "en": "{cast} votes cast, but only {seats} voting members present",
    },
    "reason_attendance_missing": {
        "de": "die Anwesenheit ist noch nicht erfasst ('dkbm sitzung anwesenheit')",
        "en": "attendance has not been recorded yet ('dkbm sitzung anwesenheit')",
    },
    "reason_attendance_twice": {
        "de": "Akteur {actor} ist mehrfach genannt",
        "en": "actor {actor} is named more than once",
    },
    "reason_item_voted": {
        "de": "über TOP {top} wurde bereits abgestimmt",
        "en": "item {top} has already been voted on",
    },
    "reason_cycle_other_board": {
        "de": "Zyklus {id} gehört zu einem anderen Gremium",
        "en": "cycle {id} belongs to another board",
    },
    "reason_minutes_not_drafted": {
        "de": "das Protokoll der Sitzung {id} ist noch nicht entworfen",
        "en": "the minutes of meeting {id} have not been drafted yet",
    },
    "reason_minutes_not_editable": {
        "de": "das Protokoll ist nur im Entwurf änderbar (Zustand {state})",
        "en": "the minutes can only be changed as a draft (state {state})",
    },
    "reason_not_a_member": {
        "de": "Akteur {actor} ist nicht Mitglied von „{board}“",
        "en": 'actor {actor} is not a member of "{board}"',
    },
    "reason_not_a_deputy": {
        "de": "Akteur {actor} ist keine Stellvertretung in diesem Gremium",
        "en": "actor {actor} is not a deputy in this board",
    },
    "reason_no_linked_deputy": {
        "de": "für Akteur {actor} ist keine Stellvertretung verknüpft; bitte --durch angeben",
        "en": "actor {actor} has no linked deputy; please give --durch",
    },
    "reason_task_done": {
        "de": "Aufgabe {id} ist bereits erledigt",
        "en": "task {id} is already done",
    },
    "vote_unanimous_conflict": {
        "de": "entweder --einstimmig oder Stimmenzahlen (--ja/--nein/--enthaltung) angeben",
        "en": "give either --einstimmig or vote counts (--ja/--nein/--enthaltung)",
    },
    "superseded_meeting_changed": {
        "de": "ersetzt: eine neuere Fassung der Einladung geht hinaus",
        "en": "replaced: a newer version of the invitation goes out",
    },
    "superseded_meeting_cancelled": {
        "de": "zurückgezogen: die Sitzung wurde abgesagt",
        "en": "withdrawn: the meeting was cancelled",
    },
    "kind_meeting": {"de": "Sitzung", "en": "meeting"},
    "kind_agenda_item": {"de": "TOP", "en": "agenda item"},
    "kind_task": {"de": "Aufgabe", "en": "task"},
}
