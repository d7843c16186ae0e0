"""What a ``Catalog`` describes, and what checking a call against it finds.

``ProgramSpec`` is one program of the remote API with its ``FlagSpec`` flags and its
``ExclusiveGroup`` groups of alternatives; ``Problem`` is one mistake found in a call, of a
``ProblemKind``. They are frozen dataclasses (comparable, hashable, usable in ``match``), made by
the native module from the core's catalog; the ``Catalog`` itself is native (``_native.pyi``).

``ProblemKind`` members are strings too, so ``problem.kind == "unknown_flag"`` holds and the names
can be logged or compared with those of other bindings.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Optional, Tuple

__all__ = ["ExclusiveGroup", "FlagSpec", "Problem", "ProblemKind", "ProgramSpec"]


class ProblemKind(str, enum.Enum):
    """What kind of mistake a ``Problem`` is; each member's value is its stable name."""

    #: No program of that name (``suggestion`` is the nearest one, if any is near).
    UNKNOWN_PROGRAM = "unknown_program"
    #: The program exists only in Virtualmin Pro, and the catalog is of a GPL server.
    PRO_ONLY = "pro_only"
    #: The program has no flag of that name (``suggestion`` is the nearest one).
    UNKNOWN_FLAG = "unknown_flag"
    #: A value was given to a switch, which remote.cgi would pass on as a stray word.
    VALUE_FOR_SWITCH = "value_for_switch"
    #: A flag that needs a value was sent bare.
    MISSING_VALUE = "missing_value"
    #: A flag that may appear once appeared again.
    REPEATED_FLAG = "repeated_flag"
    #: A required flag, or one of a required group, is missing.
    MISSING_REQUIRED = "missing_required"
    #: Two alternatives of one group were both given.
    EXCLUSIVE_FLAGS = "exclusive_flags"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Optional[ProblemKind]:
        # NB: a newer core may find kinds of problem this module does not list yet; they arrive
        # as members made on the spot, named after their value, instead of failing the check.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member


@dataclass(frozen=True)
class Problem:
    """One mistake in a call, with the name that was probably meant.

    ``flag`` is the flag concerned (None for the program itself), ``suggestion`` the nearest
    known name for an unknown one, ``message`` a sentence for people (also ``str(problem)``).
    """

    kind: ProblemKind
    flag: Optional[str]
    suggestion: Optional[str]
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FlagSpec:
    """One flag of a program: its name without ``--``, whether a value follows it (False for a
    switch), whether the usage text shows it as required, and whether it may repeat."""

    name: str
    takes_value: bool
    required: bool
    repeatable: bool


@dataclass(frozen=True)
class ExclusiveGroup:
    """Flags written ``a | b`` in a usage text: at most one alternative may be given, and
    exactly one when ``required``. Each alternative is one or more flags that go together."""

    alternatives: Tuple[Tuple[str, ...], ...]
    required: bool


@dataclass(frozen=True)
class ProgramSpec:
    """One program of the remote API: its name, list-commands' section heading (``category``),
    a one-line ``description`` where the source gave one, its flags in usage order and its
    groups of alternatives."""

    name: str
    category: Optional[str]
    description: Optional[str]
    flags: Tuple[FlagSpec, ...]
    groups: Tuple[ExclusiveGroup, ...]

    def flag(self, name: str) -> Optional[FlagSpec]:
        """The flag of that name (without ``--``), or None."""
        return next((flag for flag in self.flags if flag.name == name), None)

    @property
    def accepts_multiline(self) -> bool:
        """True when the program takes ``--multiline``, and so can return records."""
        return self.flag("multiline") is not None


def _problem(kind: str, flag: Optional[str], suggestion: Optional[str], message: str) -> Problem:
    """Builds a ``Problem`` from the native module's plain values."""
    return Problem(ProblemKind(kind), flag, suggestion, message)
