"""Kommunen as tenants: choosing one, adding one, its database role."""

TEXTS = {
    "database_not_permitted": {
        "de": "das darf dieser Datenbankzugang nicht: {url} (der Zugang einer Kommune liest "
        "und schreibt nur ihre eigenen Zeilen; Einrichten, Migrationen und Kommunen sind "
        "Sache des Eigentümers der Datenbank); nichts wurde geändert",
        "en": "this database login may not do that: {url} (a municipality's login reads and "
        "writes its own rows alone; setting up, migrations and municipalities are the "
        "database owner's); nothing was changed",
    },
    "expected_new_file": {
        "de": "eine Datei, die es noch nicht gibt (--ersetzen ersetzt sie; das Passwort darin "
        "gilt dann nicht mehr)",
        "en": "a file that does not exist yet (--ersetzen replaces it; the password in it "
        "then stops working)",
    },
    "kommune_needs_owner": {
        "de": "dieser Zugang ({role}) gilt nur für Kommune {ags}; Kommunen anlegen, Zugänge "
        "vergeben und entfernen kann nur der Eigentümer der Datenbank",
        "en": "this login ({role}) is for municipality {ags} alone; only the database's owner "
        "adds municipalities, gives logins and removes them",
    },
    "kommune_remove_other": {
        "de": "ein Befehl für Kommune {asked} entfernt nicht Kommune {ags}; ohne --kommune und "
        "DKBM_KOMMUNE ausführen",
        "en": "a command for municipality {asked} does not remove municipality {ags}; run it "
        "without --kommune and DKBM_KOMMUNE",
    },
    "kommune_env_is_name": {
        "de": "DKBM_KOMMUNE wählt eine Kommune nach ihrem AGS (8 Ziffern); hier steht '{value}', "
        "der Name keiner Kommune dieser Datenbank (der Name für 'runbook.sh init' gehört in "
        "DKBM_KOMMUNE_NAME)",
        "en": "DKBM_KOMMUNE chooses a municipality by its AGS (8 digits); it holds '{value}', "
        "the name of no municipality in this database (the name for 'runbook.sh init' belongs "
        "in DKBM_KOMMUNE_NAME)",
    },
    "expected_route_name": {
        "de": "{own}, der Name der Umgebungsvariable mit der Apprise-Mail-URL dieser Kommune "
        "(nie die URL selbst: sie enthält ein Passwort), oder leer für DKBM_MAIL_URL",
        "en": "{own}, the name of the environment variable holding this municipality's Apprise "
        "mail URL (never the URL itself: it holds a password), or empty for DKBM_MAIL_URL",
    },
    "expected_route_needs_ags": {
        "de": "eine eigene Mail-Route erst mit AGS der Kommune (dkbm kommune aendern --ags …)",
        "en": "an own mail route only once the municipality has its AGS "
        "(dkbm kommune aendern --ags …)",
    },
    "expected_ags_of_land": {
        "de": "ein AGS aus {land}, dem Land der Kommune",
        "en": "an AGS of {land}, the municipality's Land",
    },
    "expected_tenant_ags": {
        "de": "ein Amtlicher Gemeindeschlüssel aus 8 Ziffern, die ersten beiden ein Land "
        "(01 bis 16), z. B. 05315000",
        "en": "an official municipality key of 8 digits, the first two a Land (01 to 16), "
        "e.g. 05315000",
    },
    "expected_land_of_ags": {
        "de": "{land}, das Land des AGS {ags}",
        "en": "{land}, the Land of AGS {ags}",
    },
    "kommune_ambiguous": {
        "de": "diese Datenbank hält mehrere Kommunen ({known}); wähle eine mit --kommune AGS "
        "oder DKBM_KOMMUNE",
        "en": "this database holds several municipalities ({known}); choose one with "
        "--kommune AGS or DKBM_KOMMUNE",
    },
    "kommune_unknown": {
        "de": "keine Kommune mit AGS {ags} in dieser Datenbank (vorhanden: {known})",
        "en": "no municipality with AGS {ags} in this database (present: {known})",
    },
    "kommune_without_ags": {
        "de": "ohne AGS",
        "en": "without AGS",
    },
    "kommune_sqlite_single": {
        "de": "eine SQLite-Datenbank hält eine Kommune ({name}); mehrere Kommunen brauchen "
        "PostgreSQL (DKBM_DATABASE_URL=postgresql+psycopg://…)",
        "en": "a SQLite database holds one municipality ({name}); several municipalities need "
        "PostgreSQL (DKBM_DATABASE_URL=postgresql+psycopg://…)",
    },
    "kommune_needs_ags": {
        "de": "Kommune {name} hat noch keinen AGS; vor einer zweiten Kommune: "
        "dkbm kommune aendern --ags AGS",
        "en": "municipality {name} has no AGS yet; before a second one: "
        "dkbm kommune aendern --ags AGS",
    },
    "kommune_roles_refused": {
        "de": "die Datenbankrolle {role} lässt sich nicht anlegen ({detail}); der Benutzer in "
        "DKBM_DATABASE_URL braucht CREATEROLE",
        "en": "cannot create the database role {role} ({detail}); the user in "
        "DKBM_DATABASE_URL needs CREATEROLE",
    },
    "kommune_access_sqlite": {
        "de": "Zugänge je Kommune gibt es nur mit PostgreSQL (SQLite kennt keine Rollen)",
        "en": "access per municipality needs PostgreSQL (SQLite has no roles)",
    },
}
