"""The `dkbm` command: parse, call a use case, print. Errors become one line and an exit code."""

from __future__ import annotations

import os
import sys


def _taken(argv: list[str], option: str) -> tuple[str | None, list[str]]:
    """The value of *option* (`--x V` or `--x=V`, anywhere on the line; the last wins) and
    the arguments without it."""
    value, rest, skip = None, [], False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == option and i + 1 < len(argv):
            value, skip = argv[i + 1], True
        elif arg.startswith(f"{option}="):
            value = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return value, rest


def _language(argv: list[str]) -> tuple[str, list[str]]:
    """The language asked for (`--lang X` anywhere on the line, else DKBM_LANG) and the
    arguments without it."""
    lang, rest = _taken(argv, "--lang")
    return lang if lang is not None else os.environ.get("DKBM_LANG", "de"), rest


def _kommune(args: list[str]) -> tuple[str | None, list[str]]:
    """The Kommune asked for with `--kommune AGS` anywhere on the line (not after `init`,
    whose `--kommune` names the first Kommune it sets up), and the arguments without it."""
    if args[:1] == ["init"]:
        return None, args
    return _taken(args, "--kommune")


# Control characters that make no sense in any argument and could rewrite the terminal:
# C0 except tab and newline, DEL, C1, and the bidirectional overrides and isolates.
_FORBIDDEN = {*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)}
_FORBIDDEN |= {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def check_arguments(args: list[str]) -> None:
    """Refuse arguments that are not UTF-8 or carry terminal control characters."""
    from dkbm.states.errors import InputError

    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("not_utf8", position=position) from None
        for char in arg:
            if ord(char) in _FORBIDDEN:
                raise InputError("control_character", position=position, char=f"U+{ord(char):04X}")


def main(argv: list[str] | None = None) -> int:
    """Entry point. Help texts depend on the language, so it is chosen before the app is built."""
    from dkbm.states.errors import DkbmError, InvalidValue
    from dkbm.states.i18n import LANGUAGES, set_language

    lang, args = _language(list(sys.argv[1:] if argv is None else argv))
    set_language(lang if lang in LANGUAGES else "de")
    label = "Error" if lang == "en" else "Fehler"
    if lang not in LANGUAGES:
        print(
            f"{label}: {InvalidValue('--lang/DKBM_LANG', lang, 'de, en').message()}",
            file=sys.stderr,
        )
        return 2
    try:
        check_arguments(args)
        ags, args = _kommune(args)
        if ags is None:
            return _run(args, lang, label)
        from dkbm.store import tenant

        with tenant.asking(ags):
            return _run(args, lang, label)
    except DkbmError as exc:
        print(f"{label}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return _interrupted(label)


def _run(args: list[str], lang: str, label: str) -> int:
    import click

    from dkbm.cli.words import speak
    from dkbm.states.errors import DkbmError

    speak(lang)
    from dkbm.cli.app import build
    from dkbm.cli.types import localise

    command = localise(build(args))
    try:
        result = command.main(args=args, prog_name="dkbm", standalone_mode=False)
    except DkbmError as exc:
        print(f"{label}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        result = exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        return _interrupted(label)
    except click.ClickException as exc:
        text = usage_message(exc)
        if text:
            print(f"{label}: {text}", file=sys.stderr)
        return getattr(exc, "exit_code", 2) or 2
    if result == INTERRUPTED:  # Typer turns Ctrl-C into exit code 130 without a word
        return _interrupted(label)
    return result if isinstance(result, int) else 0


INTERRUPTED = 130


def _interrupted(label: str) -> int:
    from dkbm.states.i18n import t

    print(f"\n{label}: {t('interrupted')}", file=sys.stderr)
    return INTERRUPTED


def run() -> None:
    sys.exit(main())


def _hint(param: object) -> str:
    """How the user wrote the parameter: `--frist` for an option, `AKTEUR` for an argument."""
    import click

    if isinstance(param, click.Argument):
        return (param.metavar or param.name or "").lower()
    opts = getattr(param, "opts", None)
    return "/".join(opts) if opts else str(getattr(param, "name", ""))


def usage_message(exc: Exception) -> str:
    """Click's usage errors in the user's language, with the command they concern."""
    from click import exceptions as click_errors

    from dkbm.states.i18n import t

    if isinstance(exc, click_errors.NoArgsIsHelpError):
        return ""
    ctx = getattr(exc, "ctx", None)
    where = f" ({ctx.command_path})" if ctx is not None else ""
    param = getattr(exc, "param", None)
    hint = _hint(param)
    if isinstance(exc, click_errors.MissingParameter) and hint:
        return t("usage_missing", what=hint) + where
    if isinstance(exc, click_errors.NoSuchOption):
        return t("usage_no_such_option", what=exc.option_name) + where
    if isinstance(exc, click_errors.UsageError) and ctx is not None:
        from gettext import gettext

        import click

        prefix = gettext("No such command {name!r}.").split("{")[0]
        if isinstance(ctx.command, click.Group) and exc.message.startswith(prefix):
            import difflib
            import re

            rest = exc.message[len(prefix) :]  # Click may add "Did you mean ...?"
            quoted = re.match(r"""\s*['"]([^'"]*)['"]""", rest)
            name = quoted.group(1) if quoted else rest.rstrip(".").strip("'\"")
            known = ", ".join(sorted(ctx.command.commands))
            close = difflib.get_close_matches(name, list(ctx.command.commands), n=1)
            if close:
                return (
                    t("usage_no_such_command_close", what=name, close=close[0], known=known) + where
                )
            return t("usage_no_such_command", what=name, known=known) + where
    if isinstance(exc, click_errors.BadParameter) and hint:
        return t("usage_bad_value", what=hint, detail=exc.message) + where
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    return text + where
