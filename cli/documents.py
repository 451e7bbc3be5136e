"""`dkbm wissen add|list|show|aendern|entfernen|datei`: the knowledge library."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, emit_json, h, safe, table, when
from dkbm.cli.words import display
from dkbm.states.errors import InvalidValue, Reason, Refused

if TYPE_CHECKING:
    from dkbm.states.documents import Document

DocumentNo = Annotated[
    int, typer.Argument(metavar="DOKUMENT", help=h("Dokument-Nr.", "document no."))
]
Title = Annotated[str, typer.Option("--titel", help=h("Titel", "title"))]
Url = Annotated[
    str | None, typer.Option("--url", help=h("Link (http:// oder https://)", "link (http/https)"))
]
File = Annotated[
    Path | None,
    typer.Option(
        "--datei",
        help=h(
            "Datei hochladen (höchstens 20 MB; wird in der Datenbank gespeichert)",
            "upload a file (at most 20 MB; kept in the database)",
        ),
    ),
]
Description = Annotated[
    str | None, typer.Option("--beschreibung", help=h("Beschreibung", "description"))
]
Cycle = Annotated[
    int | None, typer.Option("--zyklus", help=h("Zyklus-Nr. (Schlagwort)", "cycle no. (tag)"))
]
Board = Annotated[
    int | None,
    typer.Option("--gremium", help=h("Gremium- oder AG-Nr. (Schlagwort)", "board no. (tag)")),
]
Areas = Annotated[
    list[str] | None,
    typer.Option(
        "--bereich",
        help=h(
            "Bildungsbereich (mehrfach): fruehe_bildung, schule, uebergang_schule_beruf, "
            "berufliche_bildung, hochschule, weiterbildung, non_formale_bildung",
            "education area (repeatable)",
        ),
    ),
]


def documents_app() -> typer.Typer:
    app = typer.Typer(
        help=h(
            "Wissensbibliothek: Links und Dateien mit Schlagworten (Zyklus, Gremium, "
            "Bildungsbereich); öffentliche erscheinen im Portal unter Wissen.",
            "Knowledge library: links and files tagged by cycle, board and education area; "
            "public ones appear in the portal's knowledge section.",
        ),
        no_args_is_help=True,
    )

    @app.command(
        "add",
        help=h(
            "Ein Dokument aufnehmen: einen Link (--url) oder eine Datei (--datei).",
            "Add a document: a link (--url) or a file (--datei).",
        ),
    )
    def add(
        titel: Title,
        url: Url = None,
        datei: File = None,
        beschreibung: Description = None,
        zyklus: Cycle = None,
        gremium: Board = None,
        bereich: Areas = None,
        intern: Annotated[
            bool,
            typer.Option(
                "--intern",
                help=h("nicht im Portal veröffentlichen", "keep off the public portal"),
            ),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import documents

        if (url is None) == (datei is None):
            raise Refused("wissen add", Reason("reason_document_link_or_file"))
        doc = documents.add(
            title=titel,
            description=beschreibung or "",
            url=url,
            upload=documents.read_upload(datei, "wissen add") if datei else None,
            cycle_id=zyklus,
            board_id=gremium,
            areas=bereich or [],
            public=not intern,
            by=context.who(),
            now=context.now(),
        )
        if as_json:
            return _emit(doc.id or 0)
        print(
            f"{h('Dokument', 'Document')} {doc.id} {h('angelegt', 'added')}: {safe(doc.title)} "
            f"({_what(doc)}"
            f"{h(', intern', ', internal') if not doc.public else ''})"
        )

    @app.command(
        "list",
        help=h(
            "Dokumente der Bibliothek, wahlweise nach Zyklus, Gremium oder Bildungsbereich.",
            "Documents of the library, optionally by cycle, board or education area.",
        ),
    )
    def list_(
        zyklus: Cycle = None,
        gremium: Board = None,
        bereich: Annotated[
            str | None, typer.Option("--bereich", help=h("Bildungsbereich", "education area"))
        ] = None,
        as_json: JSON = False,
    ) -> None:
        from dkbm import document_queries

        docs = document_queries.documents(zyklus, gremium, bereich)
        if as_json:
            return emit_json(docs)
        if not docs:
            return print(h("Keine Dokumente gefunden.", "No documents found."))
        table(
            [
                h("Nr.", "No."),
                h("Titel", "Title"),
                h("Art", "Kind"),
                h("Zyklus", "Cycle"),
                h("Gremium", "Board"),
                h("Bereiche", "Areas"),
                h("Öffentlich", "Public"),
            ],
            [
                [
                    d["id"],
                    d["titel"],
                    _kind(d["art"]),
                    d["zyklus"],
                    d["gremium_name"],
                    [display("bildungsbereich", a) for a in d["bereiche"]] or None,
                    d["oeffentlich"],
                ]
                for d in docs
            ],
        )

    @app.command("show", help=h("Ein Dokument zeigen.", "Show a document."))
    def show(dokument: DocumentNo, as_json: JSON = False) -> None:
        from dkbm import document_queries

        d = document_queries.document(dokument)
        if as_json:
            return emit_json(d)
        _print(d)

    @app.command(
        "aendern",
        help=h(
            "Titel, Beschreibung, Link oder Datei, Schlagworte oder Sichtbarkeit ändern "
            "(nur was angegeben ist).",
            "Change title, description, link or file, tags or visibility (only what is given).",
        ),
    )
    def change(
        dokument: DocumentNo,
        titel: Annotated[str | None, typer.Option("--titel", help=h("Titel", "title"))] = None,
        url: Url = None,
        datei: File = None,
        beschreibung: Description = None,
        zyklus: Cycle = None,
        ohne_zyklus: Annotated[
            bool, typer.Option("--ohne-zyklus", help=h("keinem Zyklus zuordnen", "no cycle"))
        ] = False,
        gremium: Board = None,
        ohne_gremium: Annotated[
            bool, typer.Option("--ohne-gremium", help=h("keinem Gremium zuordnen", "no board"))
        ] = False,
        bereich: Areas = None,
        ohne_bereich: Annotated[
            bool,
            typer.Option("--ohne-bereich", help=h("keine Bildungsbereiche", "no education areas")),
        ] = False,
        intern: Annotated[
            bool,
            typer.Option("--intern", help=h("nicht (mehr) veröffentlichen", "unpublish")),
        ] = False,
        oeffentlich: Annotated[
            bool,
            typer.Option("--oeffentlich", help=h("im Portal veröffentlichen", "publish")),
        ] = False,
        as_json: JSON = False,
    ) -> None:
        from dkbm import documents

        if url is not None and datei is not None:
            raise Refused("wissen aendern", Reason("reason_document_link_or_file"))
        if intern and oeffentlich:
            raise Refused("wissen aendern", Reason("reason_internal_or_public"))
        changes: dict[str, Any] = {
            "title": titel,
            "description": beschreibung,
            "url": url,
            "public": True if oeffentlich else False if intern else None,
        }
        for option, given, cleared, name in (
            ("--zyklus", zyklus, ohne_zyklus, "cycle_id"),
            ("--gremium", gremium, ohne_gremium, "board_id"),
            ("--bereich", bereich, ohne_bereich, "areas"),
        ):
            if given is not None and cleared:
                what = option.removeprefix("--")
                raise Refused(
                    "wissen aendern", Reason("reason_document_tag_twice", option=option, what=what)
                )
            if given is not None or cleared:
                changes[name] = given if given is not None else ([] if name == "areas" else None)
        if datei is not None:
            changes["upload"] = documents.read_upload(datei, "wissen aendern")
        doc, changed = documents.change(dokument, by=context.who(), now=context.now(), **changes)
        if as_json:
            return _emit(dokument)
        if not changed:
            return print(f"{h('Dokument', 'Document')} {dokument}: {h('unverändert', 'unchanged')}")
        print(
            f"{h('Dokument', 'Document')} {dokument} {h('geändert', 'changed')}: "
            + ", ".join(
                ("--oeffentlich" if oeffentlich else "--intern")
                if f == "oeffentlich"
                else _OPTION.get(f, f)
                for f in changed
            )
            + f" (Version {doc.version})"
        )

    @app.command(
        "entfernen",
        help=h(
            "Ein Dokument (und seine Datei) aus der Bibliothek entfernen; der Verlauf bleibt.",
            "Remove a document (and its file) from the library; its history stays.",
        ),
    )
    def remove(dokument: DocumentNo) -> None:
        from dkbm import documents

        doc = documents.remove(dokument, by=context.who(), now=context.now())
        print(
            f"{h('Dokument', 'Document')} {dokument} {h('entfernt', 'removed')}: {safe(doc.title)}"
        )

    @app.command(
        "datei",
        help=h(
            "Die gespeicherte Datei eines Dokuments schreiben (--ziel: Datei oder Ordner; "
            "eine vorhandene Datei nur mit --ueberschreiben).",
            "Write a document's stored file (--ziel: a file or a folder; an existing file "
            "only with --ueberschreiben).",
        ),
    )
    def write_file(
        dokument: DocumentNo,
        ziel: Annotated[
            Path,
            typer.Option("--ziel", help=h("Zieldatei oder -ordner", "target file or folder")),
        ],
        ueberschreiben: Annotated[
            bool,
            typer.Option(
                "--ueberschreiben",
                help=h("eine vorhandene Datei ersetzen", "replace an existing file"),
            ),
        ] = False,
    ) -> None:
        from dkbm import document_queries
        from dkbm.documents import file_error

        stored, data = document_queries.stored_file(dokument)
        target = ziel / stored.name if ziel.is_dir() else ziel
        if target.exists() and not ueberschreiben:
            raise InvalidValue(
                "--ziel",
                str(target),
                h(
                    "gibt es schon; ersetzen mit --ueberschreiben",
                    "exists already; replace it with --ueberschreiben",
                ),
            )
        try:
            with target.open("wb" if ueberschreiben else "xb") as out:
                out.write(data)
        except OSError as exc:
            raise InvalidValue("--ziel", str(ziel), file_error(exc, writing=True)) from None
        print(h("Geschrieben: ", "Written: ") + f"{safe(str(target))} ({_size(len(data))})")

    return app


def _emit(document_id: int) -> None:
    from dkbm import document_queries

    emit_json(document_queries.document(document_id))


def _kind(kind: str) -> str:
    return h("Datei", "File") if kind == "datei" else "Link"


def _size(size: int) -> str:
    from dkbm.states.documents import size_text
    from dkbm.states.i18n import language

    return size_text(size, language())


def _what(doc: Document) -> str:
    if doc.file is None:
        return f"Link {safe(doc.url or '')}"
    return f"{h('Datei', 'file')} {safe(doc.file.name)}, {_size(doc.file.size)}"


def _print(d: dict[str, Any]) -> None:
    print(f"{h('Dokument', 'Document')} {d['id']}: {safe(d['titel'])}")
    f = d["datei"]
    if f is None:
        print(f"  Link: {safe(d['url'])}")
    else:
        print(
            f"  {h('Datei', 'File')}: {safe(f['name'])} ({f['medientyp']}, {_size(f['groesse'])}), "
            f"SHA-256 {f['sha256']}"
        )
    if d["beschreibung"]:
        lines = d["beschreibung"].splitlines()
        print(f"  {h('Beschreibung', 'Description')}: {safe(lines[0])}")
        for line in lines[1:]:
            print(f"    {safe(line)}")
    if d["zyklus"] is not None:
        print(f"  {h('Zyklus', 'Cycle')} {d['zyklus']}: {safe(d['zyklus_titel'] or '-')}")
    if d["gremium"] is not None:
        print(f"  {h('Gremium', 'Board')} {d['gremium']}: {safe(d['gremium_name'] or '-')}")
    areas = ", ".join(display("bildungsbereich", a) for a in d["bereiche"])
    print(f"  {h('Bildungsbereiche', 'Education areas')}: {areas or '-'}")
    public = (
        h("ja (im Portal)", "yes (on the portal)")
        if d["oeffentlich"]
        else h("nein (intern)", "no (internal)")
    )
    print(f"  {h('Öffentlich', 'Public')}: {public}")
    print(
        f"  {h('Aufgenommen', 'Added')}: {when(d['hinzugefuegt'])} "
        f"{h('von', 'by')} {safe(d['von'])}"
    )
    print(f"  {h('Verlauf', 'History')} (Version {d['version']}):")
    for e in d["verlauf"]:
        fields = ", ".join(_OPTION.get(f, f) for f in e["details"].get("felder", {}))
        what = _action(e["aktion"])
        print(
            f"    {e['version']}  {when(e['zeit'])}  {safe(e['von'])}  {what}"
            + (f": {fields}" if fields else "")
        )


# the options a coordinator types, for the fields a change names
_OPTION = {
    "titel": "--titel",
    "beschreibung": "--beschreibung",
    "url": "--url",
    "datei": "--datei",
    "zyklus": "--zyklus",
    "gremium": "--gremium",
    "bereiche": "--bereich",
    "oeffentlich": "--intern/--oeffentlich",
}


def _action(action: str) -> str:
    words = {
        "angelegt": h("aufgenommen", "added"),
        "geaendert": h("geändert", "changed"),
        "entfernt": h("entfernt", "removed"),
    }
    return words.get(action, action)
