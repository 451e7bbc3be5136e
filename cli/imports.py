"""`dkbm akteur import|export` and `dkbm organisation import|export`: the network from and to
the CSV or Excel file a Bildungsbüro keeps (dkbm.actor_import)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dkbm import context
from dkbm.cli.output import JSON, count, emit_json, h, safe
from dkbm.cli.words import display

# a changed field by the column of the file that holds it
_COLUMN = {"sector": "sektor", "areas": "bereiche", "lang": "sprache",
           "consent_publication": "einwilligung", "function": "funktion", "kind": "art",
           "locality": "gemeinde", "address": "adresse"}  # fmt: skip

Check = Annotated[
    bool,
    typer.Option(
        "--pruefen",
        help=h(
            "nur prüfen: zeigen, was angelegt, geändert und zusammengeführt würde; nichts "
            "speichern",
            "check only: show what would be created, changed and merged; store nothing",
        ),
    ),
]


def _file(help_de: str, help_en: str) -> Any:
    return Annotated[Path, typer.Argument(metavar="DATEI", help=h(help_de, help_en))]


ImportFile = _file("CSV- oder Excel-Datei (.csv, .xlsx)", "CSV or Excel file (.csv, .xlsx)")
ExportFile = _file(
    "Zieldatei: .csv (Semikolon, UTF-8 mit BOM) oder .xlsx",
    "target file: .csv (semicolon, UTF-8 with BOM) or .xlsx",
)


def add_actor_import_commands(a: typer.Typer) -> None:
    """`akteur import` and `akteur export` on the akteur group."""

    @a.command(
        "import",
        help=h(
            "Akteure aus CSV oder Excel importieren (Spalten name, organisation, email, "
            "sektor, bereiche, sprache, einwilligung, funktion; alles oder nichts; bekannt "
            "an der E-Mail-Adresse).",
            "Import actors from CSV or Excel (columns name, organisation, email, sektor, "
            "bereiche, sprache, einwilligung, funktion; all or nothing; known by e-mail).",
        ),
    )
    def import_(datei: ImportFile, pruefen: Check = False, as_json: JSON = False) -> None:
        _import(datei, "akteure", pruefen, as_json)

    @a.command(
        "export",
        help=h(
            "Akteure in die Spalten des Imports exportieren (mit E-Mail-Adressen: nur für "
            "die Koordination).",
            "Export actors in the import's columns (with e-mail addresses: for the "
            "coordination only).",
        ),
    )
    def export(datei: ExportFile) -> None:
        _export(datei, "akteure")


def add_organisation_import_commands(o: typer.Typer) -> None:
    """`organisation import` and `organisation export` on the organisation group."""

    @o.command(
        "import",
        help=h(
            "Organisationen aus CSV oder Excel importieren (Spalten name, art, sektor, "
            "bereiche, gemeinde, adresse, website; alles oder nichts; bekannt am Namen).",
            "Import organisations from CSV or Excel (columns name, art, sektor, bereiche, "
            "gemeinde, adresse, website; all or nothing; known by name).",
        ),
    )
    def import_(datei: ImportFile, pruefen: Check = False, as_json: JSON = False) -> None:
        _import(datei, "organisationen", pruefen, as_json)

    @o.command(
        "export",
        help=h(
            "Organisationen in die Spalten des Imports exportieren.",
            "Export organisations in the import's columns.",
        ),
    )
    def export(datei: ExportFile) -> None:
        _export(datei, "organisationen")


def _import(path: Path, kind: str, checked_only: bool, as_json: bool) -> None:
    from dkbm import actor_import
    from dkbm.states.errors import InvalidValue
    from dkbm.tabular import CsvRejected

    suffix = actor_import.table_kind(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        from dkbm.documents import file_error

        raise InvalidValue("DATEI", str(path), file_error(exc)) from None
    run = actor_import.import_actors if kind == "akteure" else actor_import.import_organisations
    try:
        result = run(
            data,
            file=path.name,
            suffix=suffix,
            checked_only=checked_only,
            by=context.who(),
            now=context.now(),
        )
    except CsvRejected as exc:
        label = h("Fehler", "Error")
        for line in exc.lines():
            print(f"{label}: {safe(line)}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None
    if as_json:
        return emit_json(result.as_dict())
    _print(result.as_dict())


def _print(d: dict[str, Any]) -> None:
    actors = d["art"] == "akteure"
    checked = d["nur_geprueft"]
    what = h("Akteure", "Actors") if actors else h("Organisationen", "Organisations")
    new, changed = len(d["neu"]), len(d["geaendert"])
    if checked:  # "1 würde geändert", "2 würden geändert"
        created_word = (
            h("würde" if new == 1 else "würden", "would") + " " + h("neu angelegt", "be created")
        )
        changed_word = (
            h("würde" if changed == 1 else "würden", "would") + " " + h("geändert", "change")
        )
    else:
        created_word, changed_word = h("neu", "new"), h("geändert", "changed")
    print(
        f"{what} {h('aus', 'from')} {safe(d['datei'])}: {new} {created_word}, "
        f"{changed} {changed_word}, {d['unveraendert']} {h('unverändert', 'unchanged')}"
        + (
            h(" (nur geprüft, nichts gespeichert)", " (checked only, nothing stored)")
            if checked
            else ""
        )
    )
    other = display("organisationsart", "sonstige")
    for org in d["organisationen_neu"]:
        rows = _rows(org["zeilen"])
        if checked:
            print(
                h("Organisation würde neu angelegt: ", "Organisation would be created: ")
                + f"{safe(org['name'])} ({h('Art', 'kind')} {other}, {h('Sektor', 'sector')} "
                f"{display('sektor', org['sektor'])}; {rows})"
            )
        else:
            print(
                h("Organisation neu angelegt: Nr. ", "Organisation created: no. ")
                + f"{org['id']} {safe(org['name'])} "
                + h(
                    f"(Art {other}; ergänzen mit 'dkbm organisation aendern {org['id']} --art …')",
                    f"(kind {other}; complete it with 'dkbm organisation aendern {org['id']} "
                    "--art …')",
                )
            )
    for merge in d["zusammengefuehrt"]:
        spellings = ", ".join(repr(safe(s)) for s in merge["schreibweisen"])
        rows = _rows(merge["zeilen"])
        print(h("Zusammengeführt: ", "Merged: ") + f"{spellings} -> {safe(merge['name'])} ({rows})")
    for known in d["erkannt"]:  # a stored organisation, named in another spelling: no merge
        spellings = ", ".join(repr(safe(s)) for s in known["schreibweisen"])
        rows = _rows(known["zeilen"])
        print(
            h("Erkannt: ", "Recognised: ")
            + f"{spellings} {h('als', 'as')} {safe(known['name'])} ({rows})"
        )
    if checked:
        for new in d["neu"]:
            print(f"  {h('neu', 'new')}: {h('Zeile', 'line')} {new['zeile']} {safe(new['name'])}")
    for change in d["geaendert"]:
        print(
            f"  {h('geändert', 'changed')}: {h('Zeile', 'line')} {change['zeile']} "
            f"{h('Nr.', 'no.')} {change['id']} {safe(change['name'])}: "
            + ", ".join(_COLUMN.get(f, f) for f in change["felder"])
        )


def _export(path: Path, kind: str) -> None:
    from dkbm import actor_import

    n = actor_import.export(path, kind)
    one, many = (
        (h("Akteur", "actor"), h("Akteure", "actors"))
        if kind == "akteure"
        else (h("Organisation", "organisation"), h("Organisationen", "organisations"))
    )
    print(f"{count(n, one, many)} {h('geschrieben nach', 'written to')} {safe(str(path))}")


def _rows(numbers: list[int]) -> str:
    """`Zeile 4`, `Zeilen 4, 9` (`line 4`, `lines 4, 9`)."""
    word = h("Zeile", "line") if len(numbers) == 1 else h("Zeilen", "lines")
    return f"{word} {', '.join(map(str, numbers))}"
