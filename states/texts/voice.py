"""Texts: the Koordination's own voice (sender, signature, Reply-To, escalation role)."""

TEXTS: dict[str, dict[str, str]] = {
    "expected_at_most_chars": {
        "de": "höchstens {limit} Zeichen",
        "en": "at most {limit} characters",
    },
    "voice_sender": {"de": "Absender", "en": "Sender"},
    "voice_signature": {"de": "Signatur", "en": "Signature"},
    "voice_reply_to": {"de": "Antworten an", "en": "Replies to"},
    "voice_default": {"de": "Vorgabe", "en": "default"},
    "voice_no_reply_to": {
        "de": "die Absendeadresse ({route})",
        "en": "the sending address ({route})",
    },
}
