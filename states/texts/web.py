"""Texts: the members' web app (`dkbm web`): its pages behind personal links, and what it
says when it refuses."""

TEXTS: dict[str, dict[str, str]] = {
    # the frame
    "web_site": {"de": "Bildungskoordination", "en": "Education coordination"},
    "web_skip": {"de": "Zum Inhalt springen", "en": "Skip to content"},
    "web_footer": {
        "de": "Diese Seite gehört zu Ihrem persönlichen Link. Bitte geben Sie ihn nicht weiter.",
        "en": "This page belongs to your personal link. Please do not pass it on.",
    },
    "web_start_title": {"de": "Mitwirken", "en": "Taking part"},
    "web_start": {
        "de": "Hier beantworten Mitglieder Beteiligungen, Abstimmungen, Sitzungseinladungen und "
        "Aufgaben über den persönlichen Link aus ihrer Nachricht.",
        "en": "Members answer consultations, votes, meeting invitations and tasks here, through "
        "the personal link in their message.",
    },
    "web_title_consultation": {"de": "Rückmeldung zur Beteiligung", "en": "Consultation feedback"},
    "web_title_vote": {"de": "Schriftliche Abstimmung", "en": "Written vote"},
    "web_title_meeting": {"de": "Einladung zur Sitzung", "en": "Meeting invitation"},
    "web_title_task": {"de": "Aufgabe", "en": "Task"},
    "web_for": {
        "de": "Sie antworten als {name}, {organisation}.",
        "en": "You are answering as {name}, {organisation}.",
    },
    "web_for_bare": {"de": "Sie antworten als {name}.", "en": "You are answering as {name}."},
    "web_next_title": {"de": "Wie es weitergeht", "en": "What happens next"},
    "web_nothing_changed": {
        "de": "Es wurde nichts gespeichert oder geändert.",
        "en": "Nothing was saved or changed.",
    },
    # links that cannot act, and refusals
    "web_unknown_title": {"de": "Link nicht gefunden", "en": "Link not found"},
    "web_unknown_help": {
        "de": "Wenn Sie den Link aus einer Nachricht der Bildungskoordination haben, schicken "
        "wir Ihnen gern einen neuen.",
        "en": "If the link came in a message from the education coordination, we will gladly "
        "send you a new one.",
    },
    "web_gone_title": {"de": "Link nicht mehr gültig", "en": "Link no longer valid"},
    "web_gone_reason": {"de": "Grund: {reason}.", "en": "Reason: {reason}."},
    "web_gone_help": {
        "de": "Es wurde nichts gespeichert. Wenn Sie noch antworten möchten, wenden Sie sich "
        "bitte an die Bildungskoordination.",
        "en": "Nothing was saved. If you still want to answer, please contact the education "
        "coordination.",
    },
    "web_refused_title": {"de": "Nicht angenommen", "en": "Not accepted"},
    "web_cross_site": {
        "de": "Das Formular wurde nicht von dieser Seite gesendet und deshalb nicht angenommen. "
        "Bitte öffnen Sie Ihren Link und senden Sie es dort.",
        "en": "The form was not sent from this site and was therefore not accepted. Please open "
        "your link and send it there.",
    },
    "web_form_type": {
        "de": "Das Formular kam in einer unerwarteten Form an und wurde nicht angenommen.",
        "en": "The form arrived in an unexpected form and was not accepted.",
    },
    "web_too_large": {
        "de": "Das Formular ist zu groß (höchstens {kib} KiB) und wurde nicht angenommen. Bitte "
        "kürzen Sie Ihren Text.",
        "en": "The form is too large (at most {kib} KiB) and was not accepted. Please shorten "
        "your text.",
    },
    "web_form_unreadable": {
        "de": "Das Formular ließ sich nicht lesen und wurde nicht angenommen.",
        "en": "The form could not be read and was not accepted.",
    },
    "web_field_twice": {
        "de": "Das Formular enthält das Feld „{field}“ zweimal und wurde nicht angenommen.",
        "en": 'The form holds the field "{field}" twice and was not accepted.',
    },
    "web_control_character": {
        "de": "Der Text enthält ein Steuerzeichen ({char}); bitte ohne senden.",
        "en": "The text contains a control character ({char}); please send it without.",
    },
    "web_csrf": {
        "de": "Das Formular ist abgelaufen oder unvollständig. Bitte prüfen Sie Ihre Angaben und "
        "senden Sie es noch einmal.",
        "en": "The form has expired or is incomplete. Please check your entries and send it again.",
    },
    "web_not_here_title": {"de": "Seite nicht gefunden", "en": "Page not found"},
    "web_not_here": {
        "de": "Diese Seite gibt es nicht.",
        "en": "This page does not exist.",
    },
    "web_method": {
        "de": "Diese Anfrage ist hier nicht möglich.",
        "en": "This request is not possible here.",
    },
    "web_unavailable_title": {"de": "Gerade nicht erreichbar", "en": "Not available right now"},
    "web_unavailable": {
        "de": "Die Seite ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten "
        "noch einmal.",
        "en": "The page is not available right now. Please try again in a few minutes.",
    },
    "web_failed": {
        "de": "Etwas ist schiefgegangen. Bitte versuchen Sie es in einigen Minuten noch einmal.",
        "en": "Something went wrong. Please try again in a few minutes.",
    },
    "web_too_many_title": {"de": "Zu viele Anfragen", "en": "Too many requests"},
    "web_too_many": {
        "de": "Von Ihrer Verbindung kamen in kurzer Zeit zu viele Anfragen. Bitte warten Sie "
        "{seconds} Sekunden und versuchen Sie es dann noch einmal.",
        "en": "Too many requests came from your connection in a short time. Please wait "
        "{seconds} seconds and try again.",
    },
    # a form that does not fit its page
    "web_submission_missing": {
        "de": "Dem Formular fehlt seine Kennung. Bitte laden Sie die Seite neu und senden Sie es "
        "noch einmal.",
        "en": "The form lacks its identifier. Please reload the page and send it again.",
    },
    "web_unexpected_field": {
        "de": "Das Formular enthält ein Feld, das hier nicht vorgesehen ist („{field}“), und "
        "wurde nicht angenommen.",
        "en": 'The form holds a field that does not belong here ("{field}") and was not accepted.',
    },
    "web_text_too_long": {
        "de": "Ein Text ist zu lang (höchstens {chars} Zeichen); bitte kürzen Sie ihn.",
        "en": "A text is too long (at most {chars} characters); please shorten it.",
    },
    "web_stance_unknown": {
        "de": "Bitte wählen Sie je Punkt Zustimmung, Bedenken oder Anmerkung.",
        "en": "Please choose agreement, concerns or comment for each item.",
    },
    "web_answer_empty": {
        "de": "Bitte schreiben Sie eine Rückmeldung oder geben Sie zu mindestens einem Punkt "
        "Ihre Haltung an.",
        "en": "Please write your feedback or give your view on at least one item.",
    },
    "web_choose_ballot": {
        "de": "Bitte wählen Sie Ja, Nein oder Enthaltung.",
        "en": "Please choose yes, no or abstention.",
    },
    "web_choose_reply": {
        "de": "Bitte wählen Sie Zusage, Absage oder Vertretung.",
        "en": "Please choose attending, not attending or sending your deputy.",
    },
    "web_deputy_not_offered": {
        "de": "Diese Person steht hier nicht zur Wahl; bitte wählen Sie Ihre Stellvertretung aus "
        "der Liste.",
        "en": "This person is not offered here; please choose your deputy from the list.",
    },
    "web_choose_deputy": {
        "de": "Bitte wählen Sie, wer Sie vertritt.",
        "en": "Please choose who represents you.",
    },
    # what was saved
    "web_saved_answer": {
        "de": "Vielen Dank, Ihre Rückmeldung ist gespeichert. Eine Eingangsbestätigung geht "
        "Ihnen als Nachricht zu.",
        "en": "Thank you, your feedback has been saved. A receipt is on its way to you as a "
        "message.",
    },
    "web_saved_ballot": {
        "de": "Vielen Dank, Ihre Stimme ist gespeichert.",
        "en": "Thank you, your vote has been saved.",
    },
    "web_saved_zusage": {
        "de": "Vielen Dank, Ihre Zusage ist gespeichert.",
        "en": "Thank you, your acceptance has been saved.",
    },
    "web_saved_absage": {
        "de": "Vielen Dank, Ihre Absage ist gespeichert.",
        "en": "Thank you, your apology has been saved.",
    },
    "web_saved_vertretung": {
        "de": "Vielen Dank, Ihre Vertretung ist gespeichert.",
        "en": "Thank you, your deputy has been recorded.",
    },
    "web_saved_done": {
        "de": "Vielen Dank, die Aufgabe ist als erledigt gespeichert.",
        "en": "Thank you, the task has been saved as done.",
    },
    # why a page takes no answer now
    "web_closed_consultation": {
        "de": "Diese Beteiligung ist beendet; Antworten sind nicht mehr möglich. Stand jetzt: "
        "{state}.",
        "en": "This consultation has ended; answers are no longer possible. Now: {state}.",
    },
    "web_closed_vote": {
        "de": "Diese Abstimmung ist beendet; Stimmen sind nicht mehr möglich. Stand jetzt: "
        "{state}.",
        "en": "This vote has ended; votes are no longer possible. Now: {state}.",
    },
    "web_closed_deadline": {
        "de": "Die Frist dieser Beteiligung ist abgelaufen; Antworten sind nicht mehr möglich.",
        "en": "The deadline of this consultation has passed; answers are no longer possible.",
    },
    "web_closed_vote_in_meeting": {
        "de": "Über diesen Entwurf wird in einer Sitzung abgestimmt, nicht schriftlich.",
        "en": "This draft is voted on in a meeting, not in writing.",
    },
    "web_closed_vote_deadline": {
        "de": "Die Frist dieser Abstimmung ist abgelaufen; Stimmen sind nicht mehr möglich.",
        "en": "The deadline of this vote has passed; votes are no longer possible.",
    },
    "web_closed_all_voted": {
        "de": "Alle Stimmberechtigten haben abgestimmt; die Abstimmung ist geschlossen.",
        "en": "All voting members have voted; the vote is closed.",
    },
    "web_closed_cancelled": {
        "de": "Diese Sitzung wurde abgesagt ({reason}).",
        "en": "This meeting has been cancelled ({reason}).",
    },
    "web_closed_meeting_held": {
        "de": "Diese Sitzung hat stattgefunden; Antworten sind nicht mehr möglich.",
        "en": "This meeting has taken place; replies are no longer possible.",
    },
    "web_closed_meeting_begun": {
        "de": "Diese Sitzung hat begonnen; Antworten sind nicht mehr möglich.",
        "en": "This meeting has begun; replies are no longer possible.",
    },
    "web_closed_not_member": {
        "de": "Sie gehören diesem Gremium nicht mehr an; eine Antwort ist nicht möglich.",
        "en": "You no longer belong to this board; a reply is not possible.",
    },
    "web_closed_task_elsewhere": {
        "de": "Diese Aufgabe liegt nicht mehr bei Ihnen.",
        "en": "This task is no longer yours.",
    },
    "web_closed_task_done": {
        "de": "Diese Aufgabe ist seit {at} als erledigt vermerkt.",
        "en": "This task has been recorded as done since {at}.",
    },
    # the draft
    "web_draft": {"de": "Der Entwurf", "en": "The draft"},
    "web_vision": {"de": "Leitbild", "en": "Vision statement"},
    "web_goals": {"de": "Strategische Ziele", "en": "Strategic goals"},
    "web_strategies": {"de": "Handlungsstrategien", "en": "Action strategies"},
    "web_measures": {"de": "Maßnahmen", "en": "Measures"},
    "web_goal_no": {"de": "Ziel {n}", "en": "Goal {n}"},
    "web_strategy_no": {"de": "Strategie {n}", "en": "Strategy {n}"},
    "web_measure_no": {"de": "Maßnahme {n}", "en": "Measure {n}"},
    "web_under_goal": {"de": "zu Ziel {n}", "en": "under goal {n}"},
    "web_under_strategy_label": {"de": "Gehört zu", "en": "Belongs to"},
    "web_owner": {"de": "Verantwortlich", "en": "Responsible"},
    "web_indicator": {"de": "Indikator", "en": "Indicator"},
    "web_target": {"de": "Zielwert", "en": "Target"},
    "web_due": {"de": "Frist", "en": "Due"},
    "web_kennzahlen": {"de": "Kennzahlen", "en": "Key figures"},
    "web_kennzahl_target": {
        "de": "Ziel {value} {unit} bis {year}",
        "en": "target {value} {unit} by {year}",
    },
    "web_item_feedback": {"de": "Rückmeldung zu {item}", "en": "Feedback on {item}"},
    "web_item_stance": {"de": "Ihre Haltung zu {item}", "en": "Your view on {item}"},
    "web_item_text": {
        "de": "Ihr Text zu {item} (freiwillig)",
        "en": "Your text on {item} (optional)",
    },
    "web_stance_none": {"de": "keine Angabe", "en": "no view"},
    "web_stance_zustimmung": {"de": "Zustimmung", "en": "Agreement"},
    "web_stance_bedenken": {"de": "Bedenken", "en": "Concerns"},
    "web_stance_anmerkung": {"de": "Anmerkung", "en": "Comment"},
    "web_your_stance": {"de": "Ihre Haltung", "en": "Your view"},
    # Beteiligung
    "web_consultation_subject": {
        "de": "Beteiligung „{stage}“ im Strategiezyklus „{cycle}“",
        "en": 'Consultation "{stage}" in the strategy cycle "{cycle}"',
    },
    "web_deadline": {"de": "Frist: {at}", "en": "Deadline: {at}"},
    "web_overall": {"de": "Ihre Rückmeldung", "en": "Your feedback"},
    "web_answer_given": {
        "de": "Ihre Rückmeldung vom {at} ist gespeichert; Sie können sie hier ändern.",
        "en": "Your feedback of {at} is saved; you can change it here.",
    },
    "web_overall_label": {"de": "Ihre Rückmeldung zum Entwurf", "en": "Your feedback on the draft"},
    "web_overall_hint": {
        "de": "Zu einzelnen Punkten können Sie oben unter „Rückmeldung zu …“ Stellung nehmen.",
        "en": 'You can comment on single items above under "Feedback on …".',
    },
    "web_send_answer": {"de": "Rückmeldung senden", "en": "Send feedback"},
    "web_change_answer": {"de": "Rückmeldung ändern", "en": "Change feedback"},
    "web_no_answer": {"de": "Sie haben keine Rückmeldung gegeben.", "en": "You gave no feedback."},
    "web_next_consultation": {
        "de": "Nach der Frist wertet die Bildungskoordination alle Rückmeldungen aus. Der Entwurf "
        "„{stage}“ geht danach, wenn nötig überarbeitet, zur Abstimmung in das zuständige Gremium.",
        "en": "After the deadline the education coordination reviews all feedback. The draft "
        '"{stage}" then goes, revised where needed, to the responsible board for a vote.',
    },
    "web_change_until": {
        "de": "Bis {at} können Sie Ihre Rückmeldung über diesen Link ändern; es gilt die zuletzt "
        "gesendete.",
        "en": "Until {at} you can change your feedback through this link; the last one sent "
        "counts.",
    },
    # Umlaufverfahren
    "web_vote_subject": {
        "de": "Abstimmung über „{stage}“ im Strategiezyklus „{cycle}“ ({board})",
        "en": 'Vote on "{stage}" in the strategy cycle "{cycle}" ({board})',
    },
    "web_vote_deadline": {"de": "Abstimmung bis: {at}", "en": "Vote open until: {at}"},
    "web_your_ballot": {"de": "Ihre Stimme", "en": "Your vote"},
    "web_ballot_given": {
        "de": "Ihre Stimme ist gespeichert: {choice}.",
        "en": "Your vote is saved: {choice}.",
    },
    "web_ballot_legend": {
        "de": "Stimmen Sie dem Entwurf „{stage}“ zu?",
        "en": 'Do you approve the draft "{stage}"?',
    },
    "web_choice_ja": {"de": "Ja", "en": "Yes"},
    "web_choice_nein": {"de": "Nein", "en": "No"},
    "web_choice_enthaltung": {"de": "Enthaltung", "en": "Abstention"},
    "web_send_ballot": {"de": "Stimme abgeben", "en": "Cast vote"},
    "web_change_ballot": {"de": "Stimme ändern", "en": "Change vote"},
    "web_no_ballot": {"de": "Sie haben nicht abgestimmt.", "en": "You did not vote."},
    "web_next_vote": {
        "de": "Die Abstimmung schließt, sobald alle Stimmberechtigten abgestimmt haben, "
        "spätestens mit ihrer Frist. Bis dahin können Sie Ihre Stimme über diesen Link ändern; "
        "es zählt die zuletzt abgegebene. Danach wird der Beschluss festgestellt und allen "
        "mitgeteilt.",
        "en": "The vote closes as soon as all voting members have voted, at the latest at its "
        "deadline. Until then you can change your vote through this link; the last one cast "
        "counts. Then the decision is recorded and everyone is told.",
    },
    # Sitzung
    "web_meeting_subject": {"de": "{board}, {at}", "en": "{board}, {at}"},
    "web_when": {"de": "Wann", "en": "When"},
    "web_where": {"de": "Wo", "en": "Where"},
    "web_video": {"de": "Video", "en": "Video"},
    "web_ics": {"de": "Termin in den Kalender (ICS-Datei)", "en": "Add to calendar (ICS file)"},
    "web_ics_summary": {"de": "Sitzung {board}, {at}", "en": "Meeting {board}, {at}"},
    "web_agenda": {"de": "Tagesordnung", "en": "Agenda"},
    "web_top_no": {"de": "TOP {n}", "en": "Item {n}"},
    "web_not_public": {"de": "nicht öffentlich", "en": "not public"},
    "web_proposed_resolution": {"de": "Beschlussvorschlag", "en": "Proposed resolution"},
    "web_agenda_empty": {"de": "Die Tagesordnung folgt.", "en": "The agenda will follow."},
    "web_library": {
        "de": "Unterlagen aus der Wissensbibliothek",
        "en": "Documents from the library",
    },
    "web_your_reply": {"de": "Ihre Antwort", "en": "Your reply"},
    "web_reply_given_zusage": {
        "de": "Gespeichert: Sie nehmen teil.",
        "en": "Saved: you will attend.",
    },
    "web_reply_given_absage": {
        "de": "Gespeichert: Sie nehmen nicht teil.",
        "en": "Saved: you will not attend.",
    },
    "web_reply_given_vertretung": {
        "de": "Gespeichert: {deputy} vertritt Sie.",
        "en": "Saved: {deputy} represents you.",
    },
    "web_reply_legend": {"de": "Nehmen Sie teil?", "en": "Will you attend?"},
    "web_reply_zusage": {"de": "Ja, ich nehme teil (Zusage)", "en": "Yes, I will attend"},
    "web_reply_absage": {"de": "Nein, ich kann nicht (Absage)", "en": "No, I cannot attend"},
    "web_reply_vertretung": {
        "de": "Ich lasse mich vertreten (Vertretung)",
        "en": "My deputy attends for me",
    },
    "web_deputy_label": {"de": "Vertreten durch", "en": "Represented by"},
    "web_deputy_choose": {"de": "– bitte wählen –", "en": "– please choose –"},
    "web_deputy_linked": {"de": "Ihre Stellvertretung", "en": "your deputy"},
    "web_deputy_hint": {
        "de": "Nur bei Vertretung: wer an Ihrer Stelle teilnimmt.",
        "en": "Only when sending your deputy: who attends in your place.",
    },
    "web_send_reply": {"de": "Antwort senden", "en": "Send reply"},
    "web_next_meeting": {
        "de": "Die Bildungskoordination sieht Ihre Antwort sofort. Bis zum Beginn der Sitzung "
        "können Sie sie über diesen Link ändern. Wer Sie vertritt, nimmt Ihren Sitz und Ihre "
        "Stimme ein.",
        "en": "The education coordination sees your reply at once. Until the meeting begins "
        "you can change it through this link. Whoever represents you takes your seat and vote.",
    },
    "web_next_closed": {
        "de": "Über diesen Link ist nichts mehr zu tun. Die Bildungskoordination informiert "
        "Sie über die nächsten Schritte.",
        "en": "There is nothing more to do through this link. The education coordination will "
        "tell you about the next steps.",
    },
    # Aufgabe
    "web_from_meeting": {"de": "Aus der Sitzung", "en": "From the meeting"},
    "web_note": {"de": "Bemerkung", "en": "Note"},
    "web_note_label": {"de": "Bemerkung (freiwillig)", "en": "Note (optional)"},
    "web_send_done": {"de": "Als erledigt melden", "en": "Report as done"},
    "web_next_task": {
        "de": "Wenn Sie die Aufgabe als erledigt melden, enden die Erinnerungen dazu, und die "
        "Bildungskoordination sieht Ihre Bemerkung.",
        "en": "When you report the task as done, its reminders stop and the education "
        "coordination sees your note.",
    },
    "web_next_task_done": {
        "de": "Die Erinnerungen zu dieser Aufgabe sind beendet; die Bildungskoordination sieht "
        "Ihre Meldung.",
        "en": "The reminders for this task have stopped; the education coordination sees your "
        "report.",
    },
}
