"""The dkbm exception hierarchy.

Every error a coordinator can cause carries the fields its message needs and
renders as one line in the current language. The CLI maps them to exit codes
in one place (`run()` in `dkbm.cli`, cli/__init__.py).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dkbm.states.i18n import CATALOG, language, t

_BERLIN = ZoneInfo("Europe/Berlin")


class DkbmError(Exception):
    """Base of every error dkbm reports to a user."""

    exit_code = 1

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        return self.message()

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **shown(self.params, lang))


class NotFound(DkbmError):
    def __init__(self, kind: str, id: object) -> None:
        super().__init__("not_found", kind=Word(kind), id=id)
        self.kind = kind
        self.id = id


class InvalidTrigger(DkbmError):
    """The trigger exists, but not in the current state."""

    def __init__(self, state: str, trigger: str, allowed: list[str]) -> None:
        super().__init__("invalid_trigger", state=state, trigger=trigger, allowed=_Listing(allowed))
        self.state = state
        self.trigger = trigger
        self.allowed = allowed


class UnknownTrigger(DkbmError):
    exit_code = 2

    def __init__(self, trigger: str, known: list[str]) -> None:
        super().__init__("unknown_trigger", trigger=trigger, known=", ".join(known))
        self.trigger = trigger


class Refused(DkbmError):
    """A guard refused a trigger or an edit; *reason* says why in the user's words."""

    def __init__(self, trigger: str, reason: Reason) -> None:
        super().__init__("refused", trigger=trigger, reason=reason)
        self.trigger = trigger
        self.reason = reason


class Conflict(DkbmError):
    def __init__(self, cycle_id: int, expected: int, actual: int | str) -> None:
        super().__init__("conflict", id=cycle_id, expected=expected, actual=actual)
        self.cycle_id = cycle_id


class InvalidValue(DkbmError):
    exit_code = 2

    def __init__(self, field: str, value: object, expected: str) -> None:
        super().__init__("invalid_value", field=field, value=value, expected=expected)
        self.field = field


class InputError(DkbmError):
    """The command line itself is unusable (encoding, control characters)."""

    exit_code = 2


class Duplicate(DkbmError):
    def __init__(self, kind: str, name: str, id: int) -> None:
        super().__init__("duplicate", kind=Word(kind), name=name, id=id)


class DatabaseError(DkbmError):
    """The database cannot be used (unreachable or not set up)."""


class Reason:
    """Why a guard said no: a catalog key and its parameters, rendered lazily."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return self.render()

    def render(self, lang: str | None = None) -> str:
        """In *lang* (default: the process language), states, steps and moments included."""
        return t(self.key, lang, **shown(self.params, lang))

    def __repr__(self) -> str:
        return f"Reason({self.key!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)


class Word:
    """A catalog word (kind_*) that renders in the language of the moment."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __format__(self, spec: str) -> str:
        return t(f"kind_{self.kind}")


class _Listing:
    """Steps a state allows, by the names people read."""

    def __init__(self, items: list[str]) -> None:
        self.items = items

    def __format__(self, spec: str) -> str:
        lang = language()
        return ", ".join(step_name(i, lang) for i in self.items) if self.items else t("none")


def step_name(step: str, lang: str | None = None) -> str:
    """A step of the cycle or a meeting (`beteiligung_starten`) as people read it."""
    key = f"step_{step}"
    return t(key, lang) if key in CATALOG else step


def state_name(state: str, lang: str | None = None) -> str:
    """A stored state of a cycle (`leitbild_beteiligung`) or a meeting (`protokoll_entwurf`)
    as people read it; anything else as it is."""
    from dkbm.states.cycle_table import STAGE_NAMES, describe_state
    from dkbm.states.vocabulary import NAMES, name_of

    lang = lang or language()
    if state in NAMES["sitzung"]:
        return name_of("sitzung", state, lang)
    if all(part in STAGE_NAMES[lang] for part in state.split("_", 1)):
        return describe_state(state, lang)
    return state


def moment(at: datetime, lang: str | None = None) -> str:
    """A moment in the Kommune's local time as people of *lang* write it."""
    pattern = "%Y-%m-%d %H:%M" if (lang or language()) == "en" else "%d.%m.%Y %H:%M"
    return at.astimezone(_BERLIN).strftime(pattern)


def day(on: date, lang: str | None = None) -> str:
    return on.isoformat() if (lang or language()) == "en" else on.strftime("%d.%m.%Y")


class _When:
    """A moment or day in a message: as the language writes it, unless the text gives its
    own format (`{end:%d.%m.%Y}`)."""

    def __init__(self, value: date, text: str) -> None:
        self.value, self.text = value, text

    def __format__(self, spec: str) -> str:
        return format(self.value, spec) if spec else self.text

    def __str__(self) -> str:
        return self.text


def _in(value: object, lang: str | None) -> object:
    if isinstance(value, datetime):
        return _When(value, moment(value, lang))
    if isinstance(value, date):
        return _When(value, day(value, lang))
    if isinstance(value, Reason):
        return value.render(lang)
    return value


def shown(params: dict[str, object], lang: str | None = None) -> dict[str, object]:
    """*params* with a stored state (`state`) and step (`trigger`) in people's words, and
    moments as the language writes them; a cycle's step that does not fit the state stays
    as typed (`dkbm zyklus weiter 1 …`)."""
    from dkbm.states.cycle_table import TRIGGERS

    out = {k: _in(v, lang) for k, v in params.items()}
    if isinstance(out.get("state"), str):
        out["state"] = state_name(str(out["state"]), lang)
    trigger = out.get("trigger")
    if isinstance(trigger, str) and ("reason" in out or trigger not in TRIGGERS):
        out["trigger"] = step_name(str(out["trigger"]), lang)
    return out
