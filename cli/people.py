"""`dkbm akteur aendern|deaktivieren|aktivieren|loeschen` and `dkbm kommune show|aendern`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, safe

Actor = Annotated[int, typer.Argument(metavar="AKTEUR", help=h("Akteur-Nr.", "actor no."))]


def _active(actor_id: int) -> bool:
    """Only an active Akteur is named in public at all (portal.public.person)."""
    from dkbm import queries

    return queries.actor(actor_id)["status"] == "aktiv"


_FIELD_WORDS = {  # the options' names, as the coordinator typed them
    "name": "--name",
    "organisation": "--organisation",
    "email": "--email",
    "sector": "--sektor",
    "areas": "--bereich",
    "consent_publication": "--einwilligung",
    "lang": "--sprache",
    "function": "--funktion",
    "partner": "--partner",
}


def add_people_commands(a: typer.Typer) -> None:
    @a.command(
        "aendern",
        help=h(
            "Angaben eines Akteurs ändern (nur die genannten).",
            "Change an actor's details (only those given).",
        ),
    )
    def change(
        akteur: Actor,
        name: Annotated[str | None, typer.Option(help="Name")] = None,
        organisation: Annotated[str | None, typer.Option(help="Organisation")] = None,
        email: Annotated[str | None, typer.Option(help="E-Mail")] = None,
        sektor: Annotated[str | None, typer.Option(help=h("Sektor", "sector"))] = None,
        bereich: Annotated[
            list[str] | None,
            typer.Option(help=h("Bildungsbereiche (ersetzt alle)", "education areas (replaces)")),
        ] = None,
        einwilligung: Annotated[
            bool | None,
            typer.Option(
                "--einwilligung/--keine-einwilligung",
                help=h("Veröffentlichung erlaubt", "consent to publication"),
            ),
        ] = None,
        sprache: Annotated[str | None, typer.Option(help="de | en")] = None,
        funktion: Annotated[
            str | None, typer.Option(help=h("ihre Funktion in der Organisation", "her role"))
        ] = None,
        partner: Annotated[
            int | None,
            typer.Option(
                metavar="PARTNER",
                help=h(
                    "Akteur einer Partnerkommune eines Verbunds (Partner-Nr.)",
                    "actor of a partner municipality of an alliance (partner no.)",
                ),
            ),
        ] = None,
        kein_partner: Annotated[
            bool,
            typer.Option(
                "--kein-partner",
                help=h("Akteur der eigenen Kommune", "actor of the own municipality"),
            ),
        ] = False,
    ) -> None:
        from dkbm import people, verbuende
        from dkbm.states.errors import InvalidValue

        if partner is not None and kein_partner:
            raise InvalidValue(
                "--partner",
                partner,
                h("--partner oder --kein-partner", "--partner or --kein-partner"),
            )
        details = {
            "name": name,
            "organisation": organisation,
            "email": email,
            "sector": sektor,
            "areas": bereich,
            "consent": einwilligung,
            "lang": sprache,
            "function": funktion,
        }
        changed, new = people.change_actor_details(
            akteur,
            by=context.who(),
            now=context.now(),
            **details,
            partner=partner,
            clear_partner=kein_partner,
        )
        shown = None
        if "partner" in changed:
            p = verbuende.partner(partner) if partner is not None else None
            shown = h("Partnerkommune: ", "Partner municipality: ") + (
                f"{p.id} {safe(p.name)}"
                if p is not None
                else h("keine (eigene Kommune)", "none (own municipality)")
            )
        if new is not None:
            from dkbm.cli.actors import print_new_organisation

            print_new_organisation(new.id, new.name)
        if changed:
            print(
                h("Akteur ", "Actor ")
                + f"{akteur} {h('geändert', 'changed')}: "
                + ", ".join(
                    "--keine-einwilligung"
                    if k == "consent_publication" and not einwilligung
                    else "--kein-partner"
                    if k == "partner" and kein_partner
                    else _FIELD_WORDS.get(k, k)
                    for k in changed
                )
            )
            if shown:
                print(shown)
            if "consent_publication" in changed and _active(akteur):
                print(
                    h(
                        "Der Name erscheint im Portal, in offenen Daten und OParl ab dem nächsten "
                        "Portal-Build."
                        if einwilligung
                        else "Der Name erscheint ab dem nächsten Portal-Build nirgends mehr "
                        "öffentlich; nur Organisation und Sektor.",
                        "The name appears in the portal, open data and OParl from the next "
                        "portal build."
                        if einwilligung
                        else "From the next portal build the name appears nowhere public; "
                        "only organisation and sector.",
                    )
                )
        else:
            print(h("Nichts geändert.", "Nothing changed."))

    @a.command(
        "deaktivieren",
        help=h(
            "Akteur hat das Netzwerk verlassen: keine Einladungen und Nachrichten mehr; der "
            "Verlauf bleibt.",
            "Actor left the network: no more invitations or messages; history is kept.",
        ),
    )
    def deactivate(akteur: Actor) -> None:
        from dkbm import people

        people.set_active(akteur, False, by=context.who(), now=context.now())
        print(h("Akteur ", "Actor ") + f"{akteur} {h('deaktiviert', 'deactivated')}")

    @a.command("aktivieren", help=h("Akteur wieder aktivieren.", "Activate an actor again."))
    def activate(akteur: Actor) -> None:
        from dkbm import people

        people.set_active(akteur, True, by=context.who(), now=context.now())
        print(h("Akteur ", "Actor ") + f"{akteur} {h('aktiviert', 'activated')}")

    @a.command(
        "loeschen",
        help=h(
            "Personenbezogene Daten löschen (DSGVO): Beschlüsse und Verlauf behalten "
            "'ehemaliges Mitglied'; Mitgliedschaften und wartende Nachrichten entfallen.",
            "Erase personal data (GDPR): decisions and history keep 'ehemaliges Mitglied'; "
            "memberships and waiting messages are dropped.",
        ),
    )
    def erase(
        akteur: Actor,
        ja: Annotated[
            bool, typer.Option("--ja", help=h("ohne Rückfrage löschen", "erase without asking"))
        ] = False,
    ) -> None:
        from dkbm import people
        from dkbm.cli.output import count
        from dkbm.states.errors import InputError

        if not ja:
            raise InputError("confirm_needed", what=h("Löschen", "Erasing"), option="--ja")
        gone = people.erase(akteur, by=context.who(), now=context.now())
        ended = count(
            gone["mitgliedschaften"],
            h("Mitgliedschaft", "membership"),
            h("Mitgliedschaften", "memberships"),
        )
        cancelled = count(
            gone["nachrichten"],
            h("wartende Nachricht", "waiting message"),
            h("wartende Nachrichten", "waiting messages"),
        )
        print(
            h("Akteur ", "Actor ")
            + f"{akteur} {h('gelöscht', 'erased')}: {ended} {h('beendet', 'ended')}, "
            + f"{cancelled} {h('storniert', 'cancelled')}"
        )


def municipality_app() -> typer.Typer:
    k = typer.Typer(
        help=h("Kommune und Koordination.", "Municipality and coordination."), no_args_is_help=True
    )

    @k.command("show", help=h("Einstellungen der Kommune.", "Municipality settings."))
    def show(as_json: JSON = False) -> None:
        from dkbm import queries
        from dkbm.cli.words import display

        doc = queries.municipality()
        if as_json:
            return emit_json(doc)
        print(f"{doc['name']} ({doc['bundesland']})")
        if doc["ags"]:
            print(f"  AGS: {doc['ags']}")
        print(f"  {h('Form', 'Form')}: {display('form', doc['form'])}")
        print(
            f"  {h('Verortung', 'Placement')}: {display('verortung', doc['verortung'])} "
            f"-> {h('Eskalation an', 'escalation to')} {display('eskalation', doc['eskalation_an'])}"
        )
        print(f"  {h('Kontakt', 'Contact')}: {doc['kontakt']} <{doc['kontakt_email']}>")
        _print_voice(doc)
        if doc["mail_route"] or doc["absendeadresse"]:
            _print_route(doc["mail_route"] or "", doc["absendeadresse"] or "")

    @k.command(
        "aendern",
        help=h(
            "Form, Verortung, Kontakt oder die Nachfrist persönlicher Links ändern; gilt für "
            "künftige Eskalationen und Links.",
            "Change form, placement, contact or the grace period of personal links; applies to "
            "future escalations and links.",
        ),
    )
    def change(
        name: Annotated[str | None, typer.Option(help=h("Name der Kommune", "name"))] = None,
        ags: Annotated[
            str | None,
            typer.Option(
                "--ags",
                metavar="AGS",
                help=h(
                    "Amtlicher Gemeindeschlüssel (8 Ziffern)",
                    "official municipality key (8 digits)",
                ),
            ),
        ] = None,
        bundesland: Annotated[str | None, typer.Option(help="NW, BY, …")] = None,
        form: Annotated[
            str | None, typer.Option(help="zusatzaufgabe | personalstelle | bildungsbuero")
        ] = None,
        verortung: Annotated[str | None, typer.Option(help="stabsstelle | linie")] = None,
        mail_route: Annotated[
            str | None,
            typer.Option(
                "--mail-route",
                metavar="VARIABLE",
                help=h(
                    "Umgebungsvariable mit der eigenen Apprise-Mail-URL der Kommune "
                    "(leer: DKBM_MAIL_URL)",
                    "environment variable holding the municipality's own Apprise mail URL "
                    "(empty: DKBM_MAIL_URL)",
                ),
            ),
        ] = None,
        absendeadresse: Annotated[
            str | None,
            typer.Option(
                "--absendeadresse",
                metavar="ADRESSE",
                help=h(
                    "Absendeadresse ihrer Mails (leer: die der Mail-Route)",
                    "address its mail goes out from (empty: the mail route's)",
                ),
            ),
        ] = None,
        kontakt: Annotated[str | None, typer.Option(help=h("Kontakt", "contact"))] = None,
        kontakt_email: Annotated[str | None, typer.Option("--kontakt-email")] = None,
        absender: Annotated[
            str | None,
            typer.Option(
                metavar="NAME",
                help=h(
                    "Absendername jeder Nachricht (leer: Vorgabe nach Form)",
                    "sender name of every message (empty: default by form)",
                ),
            ),
        ] = None,
        signatur: Annotated[
            str | None,
            typer.Option(
                metavar="TEXT",
                help=h(
                    "Gruß unter jeder Nachricht, \\n für eine neue Zeile (leer: der Absendername)",
                    "closing of every message, \\n for a new line (empty: the sender name)",
                ),
            ),
        ] = None,
        antwort_an: Annotated[
            str | None,
            typer.Option(
                "--antwort-an",
                metavar="ADRESSE",
                help=h(
                    "Reply-To jeder Nachricht und Organisator der Kalendereinträge",
                    "Reply-To of every message and organizer of calendar entries",
                ),
            ),
        ] = None,
        eskalation_rolle: Annotated[
            str | None,
            typer.Option(
                "--eskalation-rolle",
                metavar="TEXT",
                help=h(
                    "wie die Eskalationsstelle heißt (leer: nach Verortung und Land)",
                    "what the escalation contact is called (empty: by placement and Land)",
                ),
            ),
        ] = None,
        link_nachfrist: Annotated[
            int | None,
            typer.Option(
                "--link-nachfrist",
                metavar="TAGE",
                min=0,
                max=365,
                help=h(
                    "so viele Tage gilt ein persönlicher Link über seine Frist hinaus (0 bis 365)",
                    "days a personal link stays open after its deadline (0 to 365)",
                ),
            ),
        ] = None,
    ) -> None:
        from dkbm import network

        before = network.current_municipality()
        m = network.change_municipality(
            by=context.who(),
            now=context.now(),
            link_grace_days=link_nachfrist,
            name=name,
            ags=ags,
            bundesland=bundesland,
            form=form,
            placement=verortung,
            contact_name=kontakt,
            contact_email=kontakt_email,
            sender_name=absender,
            signature=signatur.replace("\\n", "\n") if signatur is not None else None,
            reply_to=antwort_an,
            escalation_title=eskalation_rolle,
            mail_route=mail_route,
            sender_address=absendeadresse,
        )
        from dkbm.cli.words import display

        if m == before:
            print(h("Nichts geändert.", "Nothing changed."))
            return
        print(
            h("Kommune: ", "Municipality: ")
            + (f"{m.ags} " if m.ags else "")
            + f"{m.name} ({m.bundesland}), {display('form', m.form.value)}, "
            + f"{display('verortung', m.placement.value)} -> {display('eskalation', m.escalation_role)}"
        )
        if any(getattr(m, k) != getattr(before, k) for k in network.VOICE):
            from dkbm import queries

            _print_voice(queries.municipality())
        if (m.mail_route, m.sender_address) != (before.mail_route, before.sender_address):
            _print_route(m.mail_route, m.sender_address)
        if m.link_grace_days != before.link_grace_days:
            print(
                h("Persönliche Links gelten ", "Personal links stay open ")
                + f"{m.link_grace_days} "
                + h("Tage über ihre Frist hinaus.", "days after their deadline.")
            )

    from dkbm.cli.kommunen import add_tenant_commands

    add_tenant_commands(k)
    return k


def _print_route(route: str, sender: str) -> None:
    print(f"  {h('Mail-Route', 'Mail route')}: {route or 'DKBM_MAIL_URL'}")
    if sender:
        print(f"  {h('Absendeadresse', 'Sender address')}: {sender}")


def _print_voice(doc: dict[str, Any]) -> None:
    """Under which name, with which closing and to which address messages go out."""
    from dkbm.states.i18n import t

    default = f" ({t('voice_default')})"
    print(
        f"  {t('voice_sender')}: {doc['absender']}" + ("" if doc["absender_gesetzt"] else default)
    )
    closing = doc["signatur"].replace("\n", " / ")
    print(f"  {t('voice_signature')}: {closing}" + ("" if doc["signatur_gesetzt"] else default))
    route = doc["absendeadresse"] or doc["mail_route"] or "DKBM_MAIL_URL"
    print(f"  {t('voice_reply_to')}: {doc['antwort_an'] or t('voice_no_reply_to', route=route)}")
