"""Type aliases for the arguments of ``Client`` and ``AsyncClient``, for annotating your own code.

``FlagValue`` is what a keyword flag may be (``str``, ``int``, ``True`` for a bare flag,
``False``/``None`` to leave it out, or a list or tuple of ``str``/``int`` for a repeated flag);
``FlagPairs`` the positional form, ``[("name", value), ...]`` with value a ``str`` or
``True``/``None`` for a bare flag; ``MethodName``, ``FormatName`` and ``CheckModeName`` the
accepted spellings of the ``method``, ``format`` and ``check_mode`` options; ``Record`` one
item of ``Response.records``.
"""

from typing import Dict, Iterable, List, Literal, Sequence, Tuple, TypedDict, Union

__all__ = ["FlagValue", "FlagPairs", "MethodName", "FormatName", "CheckModeName", "Record"]

FlagValue = Union[str, int, bool, None, Sequence[Union[str, int]]]
FlagPairs = Iterable[Tuple[str, Union[str, Literal[True], None]]]
MethodName = Literal["POST", "GET"]
FormatName = Literal["json", "json-minified", "text", "xml", "perl"]
CheckModeName = Literal["off", "warn", "strict"]


class Record(TypedDict):
    """One record of a multiline listing: a name, and keys with lists of string values."""

    name: str
    values: Dict[str, List[str]]
