"""Parameter types with bounds and messages in the user's language.

Every integer on the command line is a number or a count that the database must be able
to hold (PostgreSQL `integer`); a larger one is refused here, in one line, instead of
failing deep in a driver. `localise` applies them to the built command tree and gives
Click's usage line its German words.
"""

from __future__ import annotations

from typing import Any

import click

from dkbm.states.i18n import language, t
from dkbm.states.numbers import NotANumber, is_whole, parse_decimal, parse_year

MAX_INT = 2**31 - 1


class Number(click.ParamType):
    """A whole number in [low, high]."""

    def __init__(self, low: int = 0, high: int = MAX_INT) -> None:
        self.low, self.high = low, high

    @property
    def name(self) -> str:  # type: ignore[override]
        return "zahl" if language() == "de" else "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            digits = text.removeprefix("-").removeprefix("+")
            if not is_whole(digits):  # no `1_000`, no `٢٠٢٥`
                self.fail(t("not_a_number", value=value), param, ctx)
            number = int(text)
        if not self.low <= number <= self.high:
            self.fail(t("out_of_range", value=value, low=self.low, high=self.high), param, ctx)
        return number


class Decimal(click.ParamType):
    """A decimal number within ±10^12 in the notation of the user's language: German 12,5
    and 1.234,5, English 12.5 and 1,234.5 (`states.numbers`; `1e308` is refused here,
    naming the option)."""

    @property
    def name(self) -> str:  # type: ignore[override]
        return "zahl" if language() == "de" else "number"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, float):
            return value
        try:
            return parse_decimal(str(value), "en" if language() == "en" else "de")
        except NotANumber as exc:
            self.fail(t(exc.reason, **exc.params()), param, ctx)


class Year(Number):
    """A year in [low, high], or a school year `2024/25`, which counts by its first year."""

    @property
    def name(self) -> str:  # type: ignore[override]
        return "jahr" if language() == "de" else "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) or "/" not in str(value):
            return super().convert(value, param, ctx)
        year = parse_year(str(value))
        if year is None:
            self.fail(t("not_a_year", value=value), param, ctx)
        if not self.low <= year <= self.high:  # named as typed: 1999/00, not 1999
            self.fail(t("out_of_range", value=value, low=self.low, high=self.high), param, ctx)
        return year


PORT = Number(1, 65535)
YEAR = Year(2000, 2200)


def localise(command: click.Command) -> click.Command:
    """Bounded numbers everywhere, and the usage line's words in the chosen language."""
    german = language() == "de"
    for cmd in _walk(command):
        if german:
            cmd.options_metavar = "[OPTIONEN]"
            if isinstance(cmd, click.Group):
                cmd.subcommand_metavar = "BEFEHL [ARGUMENTE]..."
        for param in cmd.params:
            if isinstance(param.type, click.types.IntRange):
                low = param.type.min if param.type.min is not None else 0
                param.type = Number(low, param.type.max if param.type.max is not None else MAX_INT)
            elif isinstance(param.type, click.types.IntParamType):
                param.type = Number()
            elif isinstance(param.type, click.types.FloatParamType):
                param.type = Decimal()
    return command


def _walk(command: click.Command) -> list[click.Command]:
    found = [command]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found += _walk(sub)
    return found
