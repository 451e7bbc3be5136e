"""The `dkbm` command: parse, call a use case, print. Errors become one line and an exit code."""

from __future__ import annotations

import os
import sys


def _language(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("DKBM_LANG", "de")


def main(argv: list[str] | None = None) -> int:
    """Entry point. Help texts depend on the language, so it is chosen before the app is built."""
    import click

    from states.errors import DkbmError
    from states.i18n import LANGUAGES, set_language

    args = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args)
    set_language(lang if lang in LANGUAGES else "de")
    if lang not in LANGUAGES:
        from states.errors import InvalidValue

        print(
            f"Fehler: {InvalidValue('--lang/DKBM_LANG', lang, 'de, en').message()}", file=sys.stderr
        )
        return 2

    from dkbm.cli.app import build

    command = build()
    label = "Fehler" if lang != "en" else "Error"
    try:
        command.main(args=args, prog_name="dkbm", standalone_mode=False)
    except DkbmError as exc:
        print(f"{label}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        return 1
    except click.ClickException as exc:
        text = usage_message(exc)
        if text:
            print(f"{label}: {text}", file=sys.stderr)
        return getattr(exc, "exit_code", 2) or 2
    except KeyboardInterrupt:
        return 130
    return 0


def run() -> None:
    sys.exit(main())


def usage_message(exc: Exception) -> str:
    """Click's usage errors in the user's language, with the command they concern."""
    from click import exceptions as click_errors

    from states.i18n import t

    if isinstance(exc, click_errors.NoArgsIsHelpError):
        return ""
    ctx = getattr(exc, "ctx", None)
    where = f" ({ctx.command_path})" if ctx is not None else ""
    param = getattr(exc, "param", None)
    hint = "/".join(param.opts) if param is not None and param.opts else getattr(param, "name", "")
    if isinstance(exc, click_errors.MissingParameter) and hint:
        return t("usage_missing", what=hint) + where
    if isinstance(exc, click_errors.NoSuchOption):
        return t("usage_no_such_option", what=exc.option_name) + where
    if isinstance(exc, click_errors.BadParameter) and hint:
        return t("usage_bad_value", what=hint, detail=exc.message) + where
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    return text + where
