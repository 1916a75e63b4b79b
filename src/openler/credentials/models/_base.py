"""The machinery every credential class shares.

Three promises, kept here once:

- **Nothing is lost.** Properties the model does not name (JSON-LD extensions) are kept,
  JSON types are never coerced (``42`` stays an integer, ``"42"`` a string, a single ``type``
  string stays a string), and dumping returns the keys in the order they came in. So
  ``parse(x).to_json() == x`` for every valid ``x``, which is what a signature needs.
- **Errors name the field.** Model-level rules raise with the field in ``ctx["field"]``;
  union members are tagged ``§...`` so their tags never show up in a path.
- **Value sets are the spec's**: closed ones reject anything else; extensible ones
  (``EnumExt`` in the 1EdTech specs) also take a term that starts with ``ext:``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    Tag,
    ValidatorFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


class LDModel(BaseModel):
    """A JSON-LD object: open to extension properties, strict on the ones it names."""

    model_config = ConfigDict(
        extra="allow",
        strict=True,
        alias_generator=to_camel,
        validate_by_alias=True,
        # A key "credential_subject" in the input is an extension property, not our field.
        validate_by_name=False,
        serialize_by_alias=True,
    )

    # The input's key order, so that dumping gives the document back as it came.
    _order: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _keep_order_refuse_null(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if isinstance(data, dict):
            # JSON null is not a value of any property these specs define; an optional
            # property is absent, never null.
            names = cls._json_names()
            for key, value in data.items():
                if value is None and key in names:
                    raise PydanticCustomError(
                        "null_value", "must not be null (leave the property out)", {"field": key}
                    )
        instance = handler(data)
        if isinstance(data, dict) and isinstance(instance, LDModel):
            instance._order = tuple(data)
        return instance

    @classmethod
    def _json_names(cls) -> frozenset[str]:
        # Computed once per class (validation is on the verifier's hot path).
        names = cls.__dict__.get("_JSON_NAMES")
        if names is None:
            names = frozenset(f.alias or n for n, f in cls.model_fields.items())
            type.__setattr__(cls, "_JSON_NAMES", names)
        return names

    @model_serializer(mode="wrap")
    def _in_input_order(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out: dict[str, Any] = handler(self)
        if not self._order:
            return out
        ordered = {k: out[k] for k in self._order if k in out}
        ordered.update((k, v) for k, v in out.items() if k not in ordered)
        return ordered

    def to_json(self) -> dict[str, Any]:
        """The JSON object (dicts, lists, str, numbers, bools), equal to what was parsed."""
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return data

    @property
    def extensions(self) -> dict[str, Any]:
        """Properties the model does not name (kept as they came)."""
        return dict(self.__pydantic_extra__ or {})


class ClosedModel(LDModel):
    """An object whose official JSON Schema says ``additionalProperties: false``."""

    model_config = ConfigDict(extra="forbid")


def field_error(field: str, message: str) -> PydanticCustomError:
    """An error about ``field`` of the object being validated (the path gets the field)."""
    return PydanticCustomError("rule", message, {"field": field})


# --- type ---------------------------------------------------------------------------


def types_of(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _type_value(*groups: tuple[str, ...]) -> Callable[[Any], str | list[str]]:
    """A ``type``: one IRI or a non-empty array of IRIs that holds one of each group."""

    def check(value: Any) -> str | list[str]:
        items: list[str]
        if isinstance(value, str):
            items = [value]
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            items = list(value)
        else:
            raise PydanticCustomError(
                "type_value", "must be a string or a non-empty array of strings"
            )
        for group in groups:
            if not any(g in items for g in group):
                wanted = " or ".join(f"'{g}'" for g in group)
                raise PydanticCustomError("type_member", f"must include {wanted} (got {value!r})")
        if isinstance(value, str):
            return value
        return items

    return check


def TypeIncluding(*groups: str | tuple[str, ...]) -> Any:  # noqa: N802 - reads as a type
    """Annotated ``str | list[str]`` whose items include one IRI of each group."""
    norm = tuple((g,) if isinstance(g, str) else g for g in groups)
    return Annotated[str | list[str], PlainValidator(_type_value(*norm))]


def TypeExactly(iri: str) -> Any:  # noqa: N802
    """A ``type`` the schema types as a single string that MUST be ``iri``."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise PydanticCustomError("string_type", "must be a string")
        if value != iri:
            raise PydanticCustomError("type_member", f"must be '{iri}' (got {value!r})")
        return value

    return Annotated[str, PlainValidator(check)]


# --- scalars ------------------------------------------------------------------------

# RFC 3339 date-time (what JSON Schema's "date-time" format means); the VC "dateTimeStamp"
# and the OB "DateTimeZ" are this with the offset required, which RFC 3339 requires anyway.
_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def parse_date_time(value: str) -> datetime:
    """An RFC 3339 date-time as an aware datetime; ValueError when it is not one."""
    m = _DATE_TIME.match(value)
    if not m:
        raise ValueError(value)
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    frac, offset = m.group(7) or "", m.group(8).upper()
    leap = second == 60  # RFC 3339 §5.7 allows a leap second; datetime does not
    if offset != "Z" and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
        raise ValueError(value)
    tz = "+00:00" if offset == "Z" else offset
    micro = (frac[1:] + "000000")[:6] if frac else "000000"
    text = (
        f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:"
        f"{59 if leap else second:02d}.{micro}{tz}"
    )
    return datetime.fromisoformat(text)


def _date_time(value: str) -> str:
    try:
        parse_date_time(value)
    except ValueError:
        raise PydanticCustomError(
            "date_time", "must be an RFC 3339 date-time with a time zone, e.g. 2024-01-31T12:00:00Z"
        ) from None
    return value


DateTime = Annotated[str, AfterValidator(_date_time)]


def _number(value: Any) -> int | float:
    # JSON numbers; booleans are not numbers, and an integer stays an integer.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number_type", "must be a number")
    return value


Number = Annotated[int | float, PlainValidator(_number)]


def Pattern(pattern: str, what: str) -> Any:  # noqa: N802
    """A string matching ``pattern`` (searched, as JSON Schema does)."""
    rx = re.compile(pattern)

    def check(value: str) -> str:
        if not rx.search(value):
            raise PydanticCustomError("pattern", f"must be {what}")
        return value

    return Annotated[str, AfterValidator(check)]


COMPACT_JWS = r"^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$"
CompactJws = Pattern(COMPACT_JWS, "a compact JWS (header.payload.signature, base64url)")
LanguageCode = Pattern(
    r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$", "a BCP 47 language code, e.g. en-US"
)

# The 1EdTech extension rule: a term outside the value set is allowed when it starts with
# "ext:" followed by a name. (The official schemas write it as the unanchored regex
# "(ext:)[a-z|A-Z|0-9|.|-|_]+"; we read it as the spec text says: the value STARTS with
# "ext:", and the name may use letters, digits, ".", "-" and "_".)
_EXT = re.compile(r"^ext:[A-Za-z0-9._-]+$")


def is_extension_term(value: str) -> bool:
    return bool(_EXT.match(value))


def EnumExt(name: str, values: Iterable[str]) -> Any:  # noqa: N802
    """A value of an extensible value set: one of ``values`` or an ``ext:`` term."""
    allowed = tuple(values)

    def check(value: str) -> str:
        if value not in allowed and not is_extension_term(value):
            raise PydanticCustomError(
                "enum_ext",
                f"{value!r} is not a {name}: use one of {', '.join(allowed)}, "
                "or an extension term starting with 'ext:'",
            )
        return value

    return Annotated[str, AfterValidator(check)]


def Enum(name: str, values: Iterable[str]) -> Any:  # noqa: N802
    """A value of a closed value set."""
    allowed = tuple(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError(
                "enum", f"{value!r} is not a {name}: use one of {', '.join(allowed)}"
            )
        return value

    return Annotated[str, AfterValidator(check)]


M = TypeVar("M", bound=BaseModel)


def _one_or_many(value: Any) -> str | None:
    if isinstance(value, dict | BaseModel):
        return "§one"
    if isinstance(value, list):
        return "§many"
    return None


def OneOrMany(model: type[M]) -> Any:  # noqa: N802
    """An object of ``model`` or an array of them (as the JSON Schema's oneOf says)."""
    return Annotated[
        Annotated[model, Tag("§one")] | Annotated[list[model], Tag("§many")],  # type: ignore[valid-type]
        Discriminator(_one_or_many),
    ]


# --- @context and the VC version --------------------------------------------------------


def _context(value: Any) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise PydanticCustomError("context", "must be a non-empty array")
    for item in value:
        if not isinstance(item, str | dict):
            raise PydanticCustomError(
                "context", "items must be context URLs (strings) or context objects"
            )
    if value[0] not in (VC_V1_CONTEXT, VC_V2_CONTEXT):
        raise PydanticCustomError(
            "context",
            f"the first item must be '{VC_V2_CONTEXT}' (VC Data Model 2.0) "
            f"or '{VC_V1_CONTEXT}' (1.1), got {value[0]!r}",
        )
    return value


Context = Annotated[list[str | dict[str, Any]], PlainValidator(_context)]


def vc_version(context: Sequence[Any]) -> int:
    """2 for a VC Data Model 2.0 document, 1 for 1.1 (by the first @context item)."""
    return 2 if context and context[0] == VC_V2_CONTEXT else 1


def Checked(fn: Callable[[Any], Any]) -> Any:  # noqa: N802
    """A value checked by ``fn`` alone (it raises PydanticCustomError or returns the value)."""
    return Annotated[Any, PlainValidator(fn)]


def opt(alias: str | None = None) -> Any:
    """An optional property (absent by default; never dumped unless it was given)."""
    return Field(default=None, alias=alias) if alias else Field(default=None)


__all__ = [
    "COMPACT_JWS",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Checked",
    "ClosedModel",
    "CompactJws",
    "Context",
    "DateTime",
    "Enum",
    "EnumExt",
    "LDModel",
    "LanguageCode",
    "Number",
    "OneOrMany",
    "Pattern",
    "TypeExactly",
    "TypeIncluding",
    "field_error",
    "is_extension_term",
    "opt",
    "parse_date_time",
    "types_of",
    "vc_version",
]
