"""A local Telegram Bot API server, so the real python-telegram-bot code runs end to end in tests.

The bot under test is an unmodified `telegram.Bot` / `Application` with `base_url=double.base_url`
(and `base_file_url=double.base_file_url` to download files). It may run in this process or in
another one: the double is a real HTTP server on 127.0.0.1 in a background thread.

Every request is checked against the official specification (api.json: method names, parameter
types recursively into objects, required fields) and against the rules Telegram enforces beyond
the types: text and caption lengths after entity parsing, HTML / MarkdownV2 / Markdown parsing,
inline keyboard buttons, bot commands, language codes, known chats, callback query ids, edits
that change nothing. A rejected call is answered in Telegram's error shape and recorded in
`rejections`, so `assert double.rejections == []` catches what production would have refused.

Methods with behaviour: getMe, logOut, close, getUpdates (long polling), setWebhook,
deleteWebhook, getWebhookInfo (with a delivery thread pool), every send* method that returns a
Message (sendMessage, sendPhoto, sendDocument, sendVoice, sendLocation, ...), sendMediaGroup,
copyMessage, editMessageText/Caption/ReplyMarkup, deleteMessage(s), sendChatAction,
answerCallbackQuery, set/get/deleteMyCommands, set/getChatMenuButton, getChat, getChatMember,
getChatMemberCount, set/getMyDescription, set/getMyShortDescription, set/getMyName and getFile.
Any OTHER method in api.json is validated, recorded and answered with `true` (so a method that
returns an object, say getChatAdministrators, needs a handler here before a bot may rely on it).

Deliberately not emulated: flood limits (the bot must pace itself; `Call.at` lets a test check
it), HTTPS-only webhooks (http:// is accepted so a local receiver works), a method call in the
webhook's answer, the group privacy mode, inline mode, payments, and Telegram's detection of
URLs, mentions and hashtags in what residents type (only a leading /command gets an entity).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import heapq
import http.client
import itertools
import json
import re
import select
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DEFAULT_SPEC = Path("/work/shared/reference/telegram-bot-api/api.json")

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CHAT_ACTIONS = _words(
    "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
    "choose_sticker find_location record_video_note upload_video_note"
)
ISO_639_1 = _words(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu "
    "hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb "
    "lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om "
    "or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw "
    "ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
)
# Without allowed_updates Telegram sends every update type except these.
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_WHITESPACE = " \t\n\r\v\f"
_INT_RE = re.compile(r"-?\d+")
_FLOAT_RE = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_USERNAME_RE = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_TAG_RE = re.compile(r'(?:must be|always) [“"]?([a-z_]+)')
_PATH_RE = re.compile(r"/bot([^/]*)/([^/]*)/?")
_LEADING_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?=\s|$)")


# --------------------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class _Field:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class _Method:
    name: str
    fields: tuple[_Field, ...]
    returns: tuple[str, ...]


@dataclass(frozen=True)
class _Type:
    name: str
    fields: tuple[_Field, ...]
    subtypes: tuple[str, ...]
    tag: tuple[str, str] | None  # the (field, value) naming this variant, e.g. ("type", "chat")
    description: str


@dataclass(frozen=True)
class Spec:
    methods: dict[str, _Method]  # by lower-case name: Telegram matches method names that way
    types: dict[str, _Type]


_SPECS: dict[Path, Spec] = {}
_SPECS_LOCK = threading.Lock()


def load_spec(path: Path = DEFAULT_SPEC) -> Spec:
    """The indexed api.json, read once per process (a benchmark starts many doubles)."""
    path = path.resolve()
    with _SPECS_LOCK:
        if path not in _SPECS:
            _SPECS[path] = _index(json.loads(path.read_text(encoding="utf-8")))
        return _SPECS[path]


def _index(api: dict[str, Any]) -> Spec:
    def fields(raw: dict[str, Any]) -> tuple[_Field, ...]:
        return tuple(
            _Field(f["name"], tuple(f["types"]), bool(f["required"])) for f in raw.get("fields", [])
        )

    types = {}
    for name, raw in api["types"].items():
        first = raw["fields"][0] if raw.get("fields") else None
        match = _TAG_RE.search(first["description"]) if first and raw.get("subtype_of") else None
        types[name] = _Type(
            name,
            fields(raw),
            tuple(raw.get("subtypes", ())),
            (first["name"], match.group(1)) if first and match else None,
            " ".join(raw.get("description", [])),
        )
    methods = {
        name.lower(): _Method(name, fields(raw), tuple(raw.get("returns", ())))
        for name, raw in api["methods"].items()
    }
    return Spec(methods, types)


# ---------------------------------------------------------------------------- public records


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded (multipart); `data` is left out of the repr."""

    filename: str | None
    content_type: str | None
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Call:
    method: str  # canonical name, whatever case the bot used
    params: dict[str, Any]  # decoded and typed (ints, bools, parsed objects, Upload)
    at: float  # time.monotonic() when the request arrived
    result: Any
    unknown: tuple[str, ...] = ()  # parameters Telegram would silently ignore (typos?)


@dataclass(frozen=True)
class Rejection:
    method: str
    params: dict[str, Any]  # as received (not typed: typing may be what failed)
    description: str
    error_code: int = 400
    at: float = 0.0


@dataclass(frozen=True)
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes = field(repr=False)
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class _Webhook:
    url: str
    secret: str | None
    max_connections: int
    generation: int
    https: bool
    host: str
    port: int
    path: str
    last_error_date: int | None = None
    last_error_message: str | None = None


class _Mismatch(Exception):
    """The value does not fit this alternative of a union; the next one is tried."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason
        self.depth = path.count(".") + path.count("[")


class _Reject(Exception):
    """A definite Telegram error."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.description, self.code = description, code


class _ClientGone(Exception):
    """The long-polling client hung up (PTB cancels its request on shutdown): answer nobody."""


# ------------------------------------------------------------------------- type validation


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _from_json(value: str, path: str, what: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        raise _Mismatch(path, f"expected {what}, got {_short(value)}") from None


def _coerce(
    spec: Spec, value: Any, types: tuple[str, ...], path: str, up: dict[str, Upload]
) -> Any:
    """Value typed as the first of `types` it fits; form values arrive as (JSON) text."""
    best: _Mismatch | None = None
    for type_name in types:
        try:
            return _coerce_one(spec, value, type_name, path, up)
        except _Mismatch as exc:
            if best is None or exc.depth > best.depth:
                best = exc
    assert best is not None
    if best.path == path and len(types) > 1:
        hint = " (a String chat_id is an @username)" if path.endswith("chat_id") else ""
        raise _Mismatch(path, f"expected {' or '.join(types)}, got {_short(value)}{hint}")
    raise best


def _coerce_one(spec: Spec, value: Any, type_name: str, path: str, up: dict[str, Upload]) -> Any:
    if type_name.startswith("Array of "):
        if isinstance(value, str):
            value = _from_json(value, path, "a JSON array")
        if not isinstance(value, list):
            raise _Mismatch(path, f"expected an Array, got {_short(value)}")
        inner = (type_name[len("Array of ") :],)
        return [_coerce(spec, item, inner, f"{path}[{i}]", up) for i, item in enumerate(value)]
    if type_name == "Integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _INT_RE.fullmatch(value):
            return int(value)
        raise _Mismatch(path, f"expected an Integer, got {_short(value)}")
    if type_name == "Float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and _FLOAT_RE.fullmatch(value):
            return float(value)
        raise _Mismatch(path, f"expected a Float, got {_short(value)}")
    if type_name == "Boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise _Mismatch(path, f"expected a Boolean, got {_short(value)}")
    if type_name == "String":
        if isinstance(value, Upload):
            raise _Mismatch(path, "expected a String, got an uploaded file")
        if not isinstance(value, str):
            raise _Mismatch(path, f"expected a String, got {_short(value)}")
        if path.endswith("chat_id") and not _USERNAME_RE.fullmatch(value):
            raise _Mismatch(path, f"expected an @username, got {_short(value)}")
        if value.startswith("attach://") and up:  # InputMedia.media and the like
            return _attached(value, up)
        return value
    if type_name == "InputFile":
        if isinstance(value, Upload):
            return value
        if isinstance(value, str) and value.startswith("attach://"):
            return _attached(value, up)
        raise _Mismatch(path, "expected an uploaded file")
    typ = spec.types.get(type_name)
    if typ is None:
        raise _Mismatch(path, f"unknown type {type_name}")
    if isinstance(value, str):
        value = _from_json(value, path, f"a JSON-serialized {type_name}")
    if not isinstance(value, dict):
        raise _Mismatch(path, f"expected a {type_name} object, got {_short(value)}")
    if typ.subtypes:
        variants = tuple(
            s
            for s in typ.subtypes
            if (tag := spec.types[s].tag) is None or value.get(tag[0]) == tag[1]
        )
        if not variants:
            raise _Mismatch(path, f"unsupported {type_name}: {_short(value)}")
        return _coerce(spec, value, variants, path, up)
    if typ.tag and value.get(typ.tag[0]) != typ.tag[1]:
        raise _Mismatch(f"{path}.{typ.tag[0]}", f"must be {typ.tag[1]!r} for a {type_name}")
    typed = _coerce_fields(spec, typ.fields, value, path, up)
    check = _TYPE_CHECKS.get(type_name)
    if check is not None:
        check(typed, typ)
    return typed


def _attached(value: str, up: dict[str, Upload]) -> Upload:
    upload = up.get(value[len("attach://") :])
    if upload is None:
        raise _Reject(f"Bad Request: file {value} is not attached to the request")
    return upload


def _coerce_fields(
    spec: Spec,
    fields: Iterable[_Field],
    raw: dict[str, Any],
    path: str,
    up: dict[str, Upload],
    *,
    top: bool = False,
) -> dict[str, Any]:
    typed = {}
    for f in fields:
        value = raw.get(f.name)
        if top and value == "" and (f.required or "String" not in f.types):
            value = None  # an empty form value is no value
        if value is None:
            if f.required:
                if top:
                    raise _Reject(_missing(f.name))
                raise _Mismatch(f"{path}.{f.name}", "is required")
            continue
        typed[f.name] = _coerce(spec, value, f.types, f"{path}.{f.name}" if path else f.name, up)
    return typed


def _missing(name: str) -> str:
    return (
        "Bad Request: message text is empty" if name == "text" else f"Bad Request: {name} is empty"
    )


@functools.lru_cache
def _button_exempt(description: str) -> frozenset[str]:
    """Fields of InlineKeyboardButton that are not its one action, read from the spec's prose."""
    match = re.search(r"other than (.+?) must be used", description)
    names = set(re.findall(r"[a-z_]+", match.group(1))) if match else {"text"}
    return frozenset(names - {"and", "or"})


def _check_inline_button(button: dict[str, Any], typ: _Type) -> None:
    prefix = "Bad Request: can't parse inline keyboard button: "
    if not button["text"]:
        raise _Reject(prefix + "text must be non-empty")
    actions = [k for k in button if k not in _button_exempt(typ.description)]
    if not actions:
        raise _Reject(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _Reject(prefix + f"exactly one action field must be used, got {', '.join(actions)}")
    data = button.get("callback_data")
    if data is not None and not 1 <= len(data.encode()) <= 64:
        raise _Reject("Bad Request: BUTTON_DATA_INVALID")
    if button.get("style") not in (None, "danger", "success", "primary"):
        raise _Reject(prefix + f"unsupported style {button['style']!r}")


def _check_keyboard_button(button: dict[str, Any], _typ: _Type) -> None:
    if not button["text"]:
        raise _Reject("Bad Request: keyboard button text must be non-empty")


def _check_bot_command(command: dict[str, Any], _typ: _Type) -> None:
    if not _COMMAND_RE.fullmatch(command["command"]):
        raise _Reject("Bad Request: BOT_COMMAND_INVALID")
    if not 1 <= len(command["description"]) <= 256:
        raise _Reject("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")


_TYPE_CHECKS: dict[str, Callable[[dict[str, Any], _Type], None]] = {
    "InlineKeyboardButton": _check_inline_button,
    "KeyboardButton": _check_keyboard_button,
    "BotCommand": _check_bot_command,
}


# -------------------------------------------------------------------------- entity parsing


def _utf16(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode())


def _cant_parse(message: str) -> _Reject:
    return _Reject(f"Bad Request: can't parse entities: {message}")


class _Text:
    """Plain text being built by a parser; `pos` is its length in UTF-16 code units."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += _utf16(text)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:  # Telegram drops empty entities
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos - start, **extra}
            )

    def result(self) -> tuple[str, list[dict[str, Any]]]:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


_HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}  # fmt: skip
_HTML_PLAIN_RE = re.compile(r"[^<&]+")
_HTML_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_HTML_ATTR_RE = re.compile(
    r"""([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"""
)
_HTML_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9A-Fa-f]{1,8})|([A-Za-z][A-Za-z0-9]*));")
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_USER_LINK_RE = re.compile(r"tg://user\?id=(\d+)")


def _html_char(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    if match.group(3) is not None:
        return _HTML_NAMED.get(match.group(3))
    code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


def _parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's HTML subset; `&` must start a known entity and `<` a supported tag."""
    out = _Text()
    stack: list[tuple[str, int, dict[str, str]]] = []
    i, n = 0, len(src)
    while i < n:
        if (plain := _HTML_PLAIN_RE.match(src, i)) is not None:
            out.add(plain.group())
            i = plain.end()
        elif src[i] == "&":
            match = _HTML_ENTITY_RE.match(src, i)
            char = _html_char(match)
            if match is None or char is None:
                at = _byte_offset(src, i)
                raise _cant_parse(f'Character "&" must be escaped as "&amp;" at byte offset {at}')
            out.add(char)
            i = match.end()
        elif src.startswith("</", i):
            end = src.find(">", i)
            if end < 0:
                raise _cant_parse(f"Unclosed end tag at byte offset {_byte_offset(src, i)}")
            name = src[i + 2 : end].strip().lower()
            if not stack:
                raise _cant_parse(f"Unexpected end tag at byte offset {_byte_offset(src, i)}")
            tag, start, attrs = stack.pop()
            if name != tag:
                raise _cant_parse(
                    f"Unmatched end tag at byte offset {_byte_offset(src, i)}, "
                    f'expected "</{tag}>", found "</{name}>"'
                )
            _html_entity(out, tag, start, attrs, stack)
            i = end + 1
        else:
            i = _html_start_tag(src, i, out, stack)
    if stack:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _html_start_tag(
    src: str, i: int, out: _Text, stack: list[tuple[str, int, dict[str, str]]]
) -> int:
    at = _byte_offset(src, i)
    name_match = _HTML_NAME_RE.match(src, i + 1)
    name = name_match.group().lower() if name_match else ""
    if name not in _HTML_TAGS:
        raise _cant_parse(f'Unsupported start tag "{name}" at byte offset {at}')
    assert name_match is not None
    k, attrs = name_match.end(), {}
    while True:
        while k < len(src) and src[k].isspace():
            k += 1
        if k >= len(src):
            raise _cant_parse(f"Unclosed start tag at byte offset {at}")
        if src[k] == ">":
            break
        attr = _HTML_ATTR_RE.match(src, k)
        if attr is None:
            raise _cant_parse(f'Empty attribute name in the tag "{name}" at byte offset {at}')
        value = next((g for g in attr.groups()[1:] if g is not None), "")
        attrs[attr.group(1).lower()] = _HTML_ENTITY_RE.sub(lambda m: _html_char(m) or m[0], value)
        k = attr.end()
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _cant_parse('Tag "span" must have class "tg-spoiler"')
    if name == "tg-emoji" and not _INT_RE.fullmatch(attrs.get("emoji-id", "")):
        raise _cant_parse(f"Custom emoji identifier is not specified at byte offset {at}")
    stack.append((name, out.pos, attrs))
    return k + 1


def _html_entity(
    out: _Text,
    tag: str,
    start: int,
    attrs: dict[str, str],
    stack: list[tuple[str, int, dict[str, str]]],
) -> None:
    kind = _HTML_TAGS[tag]
    if tag == "a":
        href = attrs.get("href", "")
        if mention := _USER_LINK_RE.fullmatch(href):
            out.entity(
                "text_mention",
                start,
                user={"id": int(mention[1]), "is_bot": False, "first_name": ""},
            )
        elif href:
            out.entity("text_link", start, url=href)
    elif tag == "code" and stack and stack[-1][0] == "pre" and "class" in attrs:
        stack[-1][2]["language"] = attrs["class"].removeprefix("language-")  # <pre><code class=>
    elif tag == "pre" and attrs.get("language"):
        out.entity("pre", start, language=attrs["language"])
    elif tag == "blockquote" and "expandable" in attrs:
        out.entity("expandable_blockquote", start)
    elif tag == "tg-emoji":
        out.entity(kind, start, custom_emoji_id=attrs["emoji-id"])
    else:
        out.entity(kind, start)


_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_MARKERS = {
    "__": "underline",
    "||": "spoiler",
    "*": "bold",
    "_": "italic",
    "~": "strikethrough",
}
_MDV2_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline", "strikethrough": "Strikethrough",
    "spoiler": "Spoiler", "text_link": "TextUrl", "custom_emoji": "CustomEmoji",
}  # fmt: skip


def _parse_markdown_v2(src: str) -> tuple[str, list[dict[str, Any]]]:
    """MarkdownV2: every reserved character outside an entity must be escaped with '\\'."""
    out = _Text()
    stack: list[tuple[str, int, int]] = []  # kind, start, index in src
    quote: int | None = None
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and 0 < ord(src[i + 1]) <= 126:
            out.add(src[i + 1])
            i += 2
            continue
        if c == ">" and (i == 0 or src[i - 1] == "\n"):
            quote = out.pos if quote is None else quote
            i += 1
            continue
        if c == "`":
            i = _markdown_code(src, i, out, escapes=True)
            continue
        marker = next((m for m in _MDV2_MARKERS if src.startswith(m, i)), None)
        if marker is not None:
            kind = _MDV2_MARKERS[marker]
            if stack and stack[-1][0] == kind:
                out.entity(kind, stack.pop()[1])
            elif any(entry[0] == kind for entry in stack):
                at = _byte_offset(src, i)
                raise _cant_parse(
                    f"Can't find end of {_MDV2_NAMES[stack[-1][0]]} entity at byte offset {at}"
                )
            else:
                stack.append((kind, out.pos, i))
            i += len(marker)
            continue
        if c == "[" or src.startswith("![", i):
            stack.append(("text_link" if c == "[" else "custom_emoji", out.pos, i))
            i += 1 if c == "[" else 2
            continue
        if c == "]" and stack and stack[-1][0] in ("text_link", "custom_emoji"):
            kind, start, _ = stack.pop()
            url, i = _markdown_url(src, i + 1, escapes=True)
            _link_entity(out, kind, start, url)
            continue
        if c == "\n" and quote is not None and not src.startswith(">", i + 1):
            out.entity("blockquote", quote)
            quote = None
        if c in _MDV2_RESERVED:
            raise _cant_parse(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
            )
        out.add(c)
        i += 1
    if quote is not None:
        out.entity("blockquote", quote)
    if stack:
        kind, _, at = stack[-1]
        raise _cant_parse(
            f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {_byte_offset(src, at)}"
        )
    return out.result()


def _parse_markdown(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out = _Text()
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in "_*`[":
            out.add(src[i + 1])
            i += 2
        elif c == "`":
            i = _markdown_code(src, i, out, escapes=False)
        elif c in "*_":
            end = src.find(c, i + 1)
            if end < 0:
                raise _cant_parse(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(src, i)}"
                )
            start = out.pos
            out.add(src[i + 1 : end])
            out.entity("bold" if c == "*" else "italic", start)
            i = end + 1
        elif c == "[":
            end = src.find("]", i + 1)
            if end < 0:
                raise _cant_parse(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(src, i)}"
                )
            start = out.pos
            out.add(src[i + 1 : end])
            url, i = _markdown_url(src, end + 1, escapes=False)
            _link_entity(out, "text_link", start, url)
        else:
            out.add(c)
            i += 1
    return out.result()


def _markdown_code(src: str, i: int, out: _Text, *, escapes: bool) -> int:
    fence = "```" if src.startswith("```", i) else "`"
    j, body = i + len(fence), []
    while j < len(src) and not src.startswith(fence, j):
        if escapes and src[j] == "\\" and j + 1 < len(src) and 0 < ord(src[j + 1]) <= 126:
            j += 1
        body.append(src[j])
        j += 1
    if j >= len(src):
        name = "Pre" if fence == "```" else "Code"
        raise _cant_parse(f"Can't find end of {name} entity at byte offset {_byte_offset(src, i)}")
    text, language = "".join(body), ""
    if fence == "```":
        first, newline, rest = text.partition("\n")
        if newline and not any(ch.isspace() for ch in first):
            language, text = first, rest
    start = out.pos
    out.add(text)
    if fence == "`":
        out.entity("code", start)
    elif language:
        out.entity("pre", start, language=language)
    else:
        out.entity("pre", start)
    return j + len(fence)


def _markdown_url(src: str, i: int, *, escapes: bool) -> tuple[str, int]:
    """The (url) after a link's ']' at `i`, and where parsing continues."""
    if not src.startswith("(", i):
        return "", i
    j, url = i + 1, []
    while j < len(src) and src[j] != ")":
        if escapes and src[j] == "\\" and j + 1 < len(src):
            j += 1
        url.append(src[j])
        j += 1
    if j >= len(src):
        raise _cant_parse(f"Can't find end of a URL at byte offset {_byte_offset(src, i)}")
    return "".join(url), j + 1


def _link_entity(out: _Text, kind: str, start: int, url: str) -> None:
    if kind == "custom_emoji":
        if not (emoji := re.fullmatch(r"tg://emoji\?id=(\d+)", url)):
            raise _cant_parse("Custom emoji URL must have an emoji identifier")
        out.entity("custom_emoji", start, custom_emoji_id=emoji[1])
    elif mention := _USER_LINK_RE.fullmatch(url):
        out.entity(
            "text_mention", start, user={"id": int(mention[1]), "is_bot": False, "first_name": ""}
        )
    elif url:
        out.entity("text_link", start, url=url)


_PARSERS = {"html": _parse_html, "markdownv2": _parse_markdown_v2, "markdown": _parse_markdown}


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram strips leading and trailing whitespace; entities are clipped to what is left."""
    stripped = text.strip(_WHITESPACE)
    if len(stripped) == len(text):
        return text, entities
    lead, size = _utf16(text[: len(text) - len(text.lstrip(_WHITESPACE))]), _utf16(stripped)
    clipped = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            clipped.append({**entity, "offset": start, "length": end - start})
    return stripped, clipped


def _command_entities(text: str) -> list[dict[str, Any]]:
    match = _LEADING_COMMAND_RE.match(text)
    return [{"type": "bot_command", "offset": 0, "length": _utf16(match[0])}] if match else []


# ------------------------------------------------------------------------------ HTTP plumbing


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # 500 residents' worth of connections at once

    def __init__(self, double: BotApiDouble) -> None:
        self.double = double
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if exc is not None and not isinstance(exc, OSError):  # a hung-up client is no error
            self.double.errors.append(exc)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as PTB's httpx pool expects
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.double._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.double._track(self.connection, add=False)

    def log_message(self, *_args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.server.double._serve(self)

    do_GET = do_POST


def _read_body(handler: BaseHTTPRequestHandler) -> bytes:
    if "chunked" in handler.headers.get("Transfer-Encoding", "").lower():
        chunks = []
        while size := int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16):
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
        while handler.rfile.readline().strip():
            pass
        return b"".join(chunks)
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else b""


def _decode_params(
    content_type: str, body: bytes, query: str
) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Query string, then the body: JSON, urlencoded or multipart (files become `Upload`s)."""
    raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    uploads: dict[str, Upload] = {}
    mime = content_type.split(";")[0].strip().lower()
    if not body:
        return raw, uploads
    if mime == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("the JSON body must be an object")
        raw.update(data)
    elif mime == "multipart/form-data":
        for name, filename, part_type, data in _multipart(content_type, body):
            if filename is not None:
                uploads[name] = raw[name] = Upload(filename, part_type, data)
            else:
                raw[name] = data.decode()
    else:
        raw.update(parse_qsl(body.decode(), keep_blank_values=True))
    return raw, uploads


def _multipart(
    content_type: str, body: bytes
) -> Iterator[tuple[str, str | None, str | None, bytes]]:
    boundary = re.search(r'boundary="?([^";]+)"?', content_type)
    if boundary is None:
        raise ValueError("multipart body without boundary")
    for chunk in body.split(b"--" + boundary[1].encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, separator, data = chunk.partition(b"\r\n\r\n")
        if not separator:
            continue
        headers = {}
        for line in head.decode(errors="replace").split("\r\n"):
            key, _, value = line.partition(":")
            if key.strip():
                headers[key.strip().lower()] = value.strip()
        disposition = dict(
            re.findall(r';\s*([\w*]+)="((?:[^"\\]|\\.)*)"', headers.get("content-disposition", ""))
        )
        if "name" in disposition:
            data = data.removesuffix(b"\r\n")
            yield (
                disposition["name"],
                disposition.get("filename"),
                headers.get("content-type"),
                data,
            )


def _reply(handler: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def _client_gone(sock: socket.socket) -> bool:
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _order_key(update: dict[str, Any]) -> object:
    """Updates of one chat (or one user) are delivered to the webhook one at a time, in order."""
    for value in update.values():
        if isinstance(value, dict):
            chat = value.get("chat") or (value.get("message") or {}).get("chat")
            if chat:
                return chat["id"]
            if "from" in value:
                return ("user", value["from"]["id"])
    return ("update", update["update_id"])


# ------------------------------------------------------------------------------- the double


class BotApiDouble:
    """The Telegram Bot API for one bot, on 127.0.0.1; every public method is thread-safe."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        spec: Path = DEFAULT_SPEC,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        self.token = token
        self.spec = load_spec(spec)
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = 5.0  # seconds the webhook receiver gets per update
        self.callback_query_ttl: float | None = None  # seconds; None: a query never expires
        bot_id = int(token.split(":")[0]) if token.split(":")[0].isdigit() else 123456
        self.bot_user: dict[str, Any] = {
            "id": bot_id, "is_bot": True, "first_name": "Wijkwijzer",
            "username": "wijkwijzer_test_bot", "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False,
        }  # fmt: skip
        self.calls: list[Call] = []
        self.rejections: list[Rejection] = []
        self.errors: list[BaseException] = []  # bugs in the double or in `on_call`
        self.on_call: Callable[[Call], None] | None = None
        self._lock = threading.RLock()
        self._updates_changed = threading.Condition(self._lock)
        self._messages_changed = threading.Condition(self._lock)
        self._webhook_changed = threading.Condition(self._lock)
        self._users: dict[int, dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._usernames: dict[str, int] = {}
        self._members: dict[int, set[int]] = {}
        self._started: set[int] = set()  # private chats whose user has written to the bot
        self._blocked: set[int] = set()
        self._next_message_id: dict[int, int] = {}
        self._bot_messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._user_messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._deleted: dict[int, dict[int, dict[str, Any]]] = {}
        self._callbacks: dict[str, float] = {}  # issued, unanswered query id -> monotonic time
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._menu_buttons: dict[int | None, dict[str, Any]] = {}
        self._bot_texts: dict[tuple[str, str], str] = {}
        self._counter = itertools.count(1)
        self._next_update_id = 10_001
        self._allowed: list[str] | None = None
        self._pending: deque[dict[str, Any]] = deque()  # for getUpdates, by update_id
        self._poll_generation = 0
        self._webhook: _Webhook | None = None
        self._webhook_generation = 0
        self._queues: dict[object, deque[dict[str, Any]]] = {}  # webhook: per chat, in order
        self._ready: deque[object] = deque()  # chats whose first update may be delivered now
        self._retry: list[tuple[float, int, object]] = []  # (due, tie-breaker, chat)
        self._inflight: set[object] = set()
        self._queued = 0
        self._workers: list[threading.Thread] = []
        self._connections: set[socket.socket] = set()
        self._handler_threads: set[threading.Thread] = set()
        self._stopping = False
        self._server: _Server | None = None
        self._serve_thread: threading.Thread | None = None
        self._base = ""
        self._api: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getMe": lambda p: dict(self.bot_user), "logOut": lambda p: True,
            "close": lambda p: True, "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook, "getWebhookInfo": self._webhook_info,
            "sendMediaGroup": self._send_media_group, "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message, "editMessageText": self._edit_text,
            "editMessageCaption": self._edit_caption,
            "editMessageReplyMarkup": self._edit_reply_markup,
            "deleteMessage": self._delete_message, "deleteMessages": self._delete_messages,
            "sendChatAction": self._send_chat_action,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_commands, "getMyCommands": self._get_commands,
            "deleteMyCommands": self._delete_commands,
            "setChatMenuButton": self._set_menu_button,
            "getChatMenuButton": self._get_menu_button, "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatMemberCount": self._get_chat_member_count, "getFile": self._get_file,
            "setMyDescription": functools.partial(self._set_bot_text, "description", 512),
            "getMyDescription": functools.partial(self._get_bot_text, "description"),
            "setMyShortDescription": functools.partial(
                self._set_bot_text, "short_description", 120
            ),
            "getMyShortDescription": functools.partial(self._get_bot_text, "short_description"),
            "setMyName": functools.partial(self._set_bot_text, "name", 64),
            "getMyName": functools.partial(self._get_bot_text, "name"),
        }  # fmt: skip

    # ---------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """What PTB's `base_url` takes: http://127.0.0.1:PORT/bot (PTB appends the token)."""
        if not self._base:
            raise RuntimeError("start() the double first")
        return self._base + "/bot"

    @property
    def base_file_url(self) -> str:
        """What PTB's `base_file_url` takes, to download files from getFile."""
        return self.base_url.removesuffix("/bot") + "/file/bot"

    def start(self) -> BotApiDouble:
        if self._server is not None or self._stopping:
            raise RuntimeError("a double starts once")
        self._server = _Server(self)
        self._base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._serve_thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="telegram-api-double",
            daemon=True,
        )
        self._serve_thread.start()
        return self

    def stop(self) -> None:
        """Ends long polls, webhook deliveries and keep-alive connections, then the server."""
        server = self._server
        if server is None or self._stopping:
            return
        with self._lock:
            self._stopping = True
            for condition in (self._updates_changed, self._messages_changed, self._webhook_changed):
                condition.notify_all()
        server.shutdown()
        with self._lock:
            connections, threads = list(self._connections), list(self._handler_threads)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in [*threads, *self._workers]:
            thread.join(timeout=self.webhook_timeout + 1)
        server.server_close()
        self._server = None

    def __enter__(self) -> BotApiDouble:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
                self._handler_threads.add(threading.current_thread())
            else:
                self._connections.discard(connection)
                self._handler_threads.discard(threading.current_thread())

    # ---------------------------------------------------------- residents and groups

    def user(
        self, user_id: int, first_name: str = "Resident", language_code: str | None = None
    ) -> dict[str, Any]:
        """Registers (or redefines) a resident; the bot may only write once they have written."""
        with self._lock:
            user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
            if language_code:
                user["language_code"] = language_code
            self._users[user_id] = user
            self._chats[user_id] = {"id": user_id, "type": "private", "first_name": first_name}
            return dict(user)

    def add_group(self, chat_id: int, title: str, members: Iterable[int] = ()) -> None:
        """A supergroup the bot is a member of."""
        with self._lock:
            self._chats[chat_id] = {"id": chat_id, "type": "supergroup", "title": title}
            self._members.setdefault(chat_id, set()).update(members)

    def block(self, user_id: int) -> None:
        """The resident blocks the bot: sending fails with 403 until they write again."""
        with self._lock:
            self._blocked.add(user_id)

    # ------------------------------------------------------------------ playing updates

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        language_code: str | None = None,
        reply_to: int | None = None,
    ) -> int:
        """A text message; a leading /command gets its bot_command entity like Telegram's."""
        content: dict[str, Any] = {"text": text}
        if entities := _command_entities(text):
            content["entities"] = entities
        return self._user_message(user_id, chat_id, content, language_code, reply_to)

    def send_voice(
        self,
        user_id: int,
        duration: int = 3,
        *,
        chat_id: int | None = None,
        content: bytes | None = None,
    ) -> int:
        f = self._user_file("voice", content, "audio/ogg", None)
        voice = {**self._file_fields(f), "duration": duration, "mime_type": "audio/ogg"}
        return self._user_message(user_id, chat_id, {"voice": voice})

    def send_photo(
        self,
        user_id: int,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        content: bytes | None = None,
    ) -> int:
        f = self._user_file("photo", content, "image/jpeg", None)
        message: dict[str, Any] = {"photo": self._photo_sizes(f)}
        if caption:
            message["caption"] = caption
        return self._user_message(user_id, chat_id, message)

    def send_sticker(self, user_id: int, emoji: str = "👍", *, chat_id: int | None = None) -> int:
        f = self._user_file("sticker", None, "image/webp", None)
        sticker = {**self._file_fields(f), **self._sticker_fields(), "emoji": emoji}
        return self._user_message(user_id, chat_id, {"sticker": sticker})

    def send_location(
        self,
        user_id: int,
        latitude: float = 52.3676,
        longitude: float = 4.9041,
        *,
        chat_id: int | None = None,
    ) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return self._user_message(user_id, chat_id, {"location": location})

    def send_contact(
        self,
        user_id: int,
        phone_number: str = "+31612345678",
        first_name: str | None = None,
        *,
        contact_user_id: int | None = None,
        chat_id: int | None = None,
    ) -> int:
        """A shared contact; by default the resident's own (contact.user_id == user_id)."""
        with self._lock:
            name = first_name or self._resident(user_id)["first_name"]
        contact = {
            "phone_number": phone_number,
            "first_name": name,
            "user_id": contact_user_id or user_id,
        }
        return self._user_message(user_id, chat_id, {"contact": contact})

    def send_document(
        self,
        user_id: int,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        *,
        caption: str | None = None,
        content: bytes | None = None,
        chat_id: int | None = None,
    ) -> int:
        f = self._user_file("document", content, mime_type, file_name)
        message: dict[str, Any] = {
            "document": {**self._file_fields(f), "file_name": file_name, "mime_type": mime_type}
        }
        if caption:
            message["caption"] = caption
        return self._user_message(user_id, chat_id, message)

    def edit_text(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> int:
        """The resident edits a text message they sent: an edited_message update."""
        with self._lock:
            chat = user_id if chat_id is None else chat_id
            old = self._user_messages.get(chat, {}).get(message_id)
            if old is None or old["from"]["id"] != user_id:
                raise ValueError(f"user {user_id} sent no message {message_id} in chat {chat}")
            new = {k: v for k, v in old.items() if k != "entities"}
            new.update(text=text, edit_date=int(time.time()))
            if entities := _command_entities(text):
                new["entities"] = entities
            return self._push({"edited_message": new})

    def press(
        self, user_id: int, message: dict[str, Any], data: str, *, chat_id: int | None = None
    ) -> int:
        """The resident presses the button with `data` on a message the bot sent (as now shown)."""
        with self._lock:
            chat = message["chat"]["id"] if chat_id is None else chat_id
            current = self._bot_messages.get(chat, {}).get(message["message_id"])
            if current is None:
                raise ValueError(f"no visible bot message {message['message_id']} in chat {chat}")
            rows = current.get("reply_markup", {}).get("inline_keyboard", [])
            offered = [button.get("callback_data") for row in rows for button in row]
            if data not in offered:
                raise ValueError(
                    f"message {current['message_id']} has no button {data!r}: {offered}"
                )
            if self._chats[chat]["type"] == "private" and chat != user_id:
                raise ValueError(f"user {user_id} cannot press buttons in {chat}'s private chat")
            user = self._resident(user_id)
            if chat != user_id:
                self._members.setdefault(chat, set()).add(user_id)
            query = {
                "id": str(4_000_000_000_000_000 + next(self._counter)),
                "from": dict(user),
                "message": current,
                "chat_instance": str(-7_000_000_000_000 - chat),
                "data": data,
            }
            return self._push({"callback_query": query})

    def push_update(self, update: dict[str, Any]) -> int:
        """A raw update (update_id assigned if missing; ids increasing); its chats become known."""
        with self._lock:
            return self._push(dict(update))

    # ------------------------------------------------------------------ what the bot did

    def calls_of(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        """Messages the bot sent to the chat, in order, as they are now (edits applied)."""
        with self._lock:
            return copy.deepcopy(self._bot_messages_of(chat_id, include_deleted))

    def wait_for_messages(
        self, chat_id: int, count: int, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Blocks until the chat shows at least `count` (not deleted) bot messages."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self._bot_messages.get(chat_id, {})) < count:
                left = deadline - time.monotonic()
                if left <= 0 or self._stopping:
                    raise TimeoutError(self._dump(chat_id, count, timeout))
                self._messages_changed.wait(left)
            return copy.deepcopy(self._bot_messages_of(chat_id, False))

    async def await_messages(
        self, chat_id: int, count: int, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self.wait_for_messages, chat_id, count, timeout)

    def pending_updates(self) -> int:
        """Updates not yet confirmed (getUpdates) or delivered (webhook)."""
        with self._lock:
            return len(self._pending) + self._queued

    def _bot_messages_of(self, chat_id: int, include_deleted: bool) -> list[dict[str, Any]]:
        shown = list(self._bot_messages.get(chat_id, {}).values())
        if include_deleted:
            deleted = self._deleted.get(chat_id, {}).values()
            shown += [m for m in deleted if m["from"]["id"] == self.bot_user["id"]]
            shown.sort(key=lambda m: m["message_id"])
        return shown

    def _dump(self, chat_id: int, count: int, timeout: float) -> str:
        def about_chat(params: dict[str, Any]) -> bool:
            return params.get("chat_id") in (chat_id, str(chat_id))

        lines = [f"chat {chat_id} has not shown {count} bot messages within {timeout} s"]
        lines += [f"  message: {m.get('text', m)!r}" for m in self._bot_messages_of(chat_id, True)]
        lines += [
            f"  call: {c.method} {c.params}" for c in self.calls[-200:] if about_chat(c.params)
        ]
        lines += [
            f"  REJECTED: {r.method}: {r.description} {r.params}" for r in self.rejections[-20:]
        ]
        recent = ", ".join(f"{c.method}@{c.at:.2f}" for c in self.calls[-8:])
        lines += [f"  last calls (any chat): {recent or 'none'}; now {time.monotonic():.2f}"]
        lines += [f"  pending updates: {len(self._pending) + self._queued}"]
        lines += [f"  double error: {e!r}" for e in self.errors]
        return "\n".join(lines)

    # ------------------------------------------------------------------ update plumbing

    def _resident(self, user_id: int, language_code: str | None = None) -> dict[str, Any]:
        if user_id not in self._users:
            self.user(user_id)
        user = self._users[user_id]
        if language_code:
            user["language_code"] = language_code
        return user

    def _user_message(
        self,
        user_id: int,
        chat_id: int | None,
        content: dict[str, Any],
        language_code: str | None = None,
        reply_to: int | None = None,
    ) -> int:
        with self._lock:
            user = self._resident(user_id, language_code)
            if chat_id is None or chat_id == user_id:
                private = {"id": user_id, "type": "private", "first_name": user["first_name"]}
                chat = self._chats.setdefault(user_id, private)
            else:
                if chat_id not in self._chats:
                    raise ValueError(f"unknown chat {chat_id}: add_group() it first")
                chat = self._chats[chat_id]
                self._members.setdefault(chat_id, set()).add(user_id)
            message = self._new_message(chat, dict(user), content)
            if reply_to is not None:
                replied = self._find_message(chat["id"], reply_to)
                if replied is None:
                    raise ValueError(f"no message {reply_to} in chat {chat['id']}")
                message["reply_to_message"] = replied
            return self._push({"message": message})

    def _user_file(
        self, kind: str, content: bytes | None, mime: str, name: str | None
    ) -> _StoredFile:
        with self._lock:
            data = content if content is not None else f"{kind} from a resident".encode()
            return self._mint_file(kind, data, name, mime)

    def _push(self, update: dict[str, Any]) -> int:
        update_id = update.setdefault("update_id", self._next_update_id)
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self._learn(update)
        kind = next((k for k in update if k != "update_id"), "")
        allowed = kind in self._allowed if self._allowed else kind not in _NOT_BY_DEFAULT
        if not allowed:
            return update_id  # Telegram does not even create it
        if self._webhook is not None:
            self._enqueue(update)
        else:
            self._pending.append(update)
            self._updates_changed.notify_all()
        return update_id

    def _learn(self, update: dict[str, Any]) -> None:
        """Users, chats, user messages and callback query ids that an update makes known."""
        for kind, value in update.items():
            if not isinstance(value, dict):
                continue
            sender = value.get("from")
            if isinstance(sender, dict) and not sender.get("is_bot"):
                self._users.setdefault(sender["id"], dict(sender))
                if sender.get("username"):
                    self._usernames[sender["username"].lower()] = sender["id"]
            if kind == "callback_query":
                self._callbacks[value["id"]] = time.monotonic()
                continue
            chat = value.get("chat")
            if not (isinstance(chat, dict) and "message_id" in value):
                continue
            self._chats.setdefault(chat["id"], dict(chat))
            if chat.get("username"):
                self._usernames[chat["username"].lower()] = chat["id"]
            if chat.get("type") == "private":
                self._started.add(chat["id"])
                self._blocked.discard(chat["id"])
            elif isinstance(sender, dict):
                self._members.setdefault(chat["id"], set()).add(sender["id"])
            if kind in ("message", "edited_message"):
                self._user_messages.setdefault(chat["id"], {})[value["message_id"]] = value
                following = max(self._next_message_id.get(chat["id"], 1), value["message_id"] + 1)
                self._next_message_id[chat["id"]] = following

    def _new_message(
        self, chat: dict[str, Any], sender: dict[str, Any], content: dict[str, Any]
    ) -> dict[str, Any]:
        message_id = self._next_message_id.get(chat["id"], 1)
        self._next_message_id[chat["id"]] = message_id + 1
        message = {
            "message_id": message_id,
            "from": sender,
            "chat": dict(chat),
            "date": int(time.time()),
        }
        message.update(content)
        return message

    def _find_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        found = self._bot_messages.get(chat_id, {}).get(message_id)
        if found is None:
            found = self._user_messages.get(chat_id, {}).get(message_id)
        return (
            None if found is None else {k: v for k, v in found.items() if k != "reply_to_message"}
        )

    # ---------------------------------------------------------------------------- files

    def _mint_file(
        self, kind: str, data: bytes, name: str | None = None, mime: str | None = None
    ) -> _StoredFile:
        number = next(self._counter)
        extension = {
            "voice": "oga",
            "photo": "jpg",
            "sticker": "webp",
            "video": "mp4",
            "audio": "mp3",
        }
        suffix = (
            (name or "").rpartition(".")[2] if name and "." in name else extension.get(kind, "bin")
        )
        stored = _StoredFile(
            f"BQACAgQAAxkBAAI{kind[:3].upper()}{number:08d}",
            f"AgAD{number:08d}",
            f"{kind}s/file_{number}.{suffix}",
            data,
            name,
            mime,
        )
        self._files[stored.file_id] = self._file_paths[stored.file_path] = stored
        return stored

    @staticmethod
    def _file_fields(stored: _StoredFile) -> dict[str, Any]:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }

    @staticmethod
    def _sticker_fields() -> dict[str, Any]:
        return {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }

    def _photo_sizes(self, stored: _StoredFile) -> list[dict[str, Any]]:
        sizes = []
        for width, height in ((90, 68), (320, 240), (1280, 960)):
            f = (
                stored
                if width == 1280
                else self._mint_file("photo", stored.data, None, stored.mime_type)
            )
            sizes.append({**self._file_fields(f), "width": width, "height": height})
        return sizes

    def _file_for(self, value: Any, kind: str) -> _StoredFile:
        if isinstance(value, Upload):
            return self._mint_file(kind, value.data, value.filename, value.content_type)
        if value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self._mint_file(kind, b"", value.rpartition("/")[2] or None)
        raise _Reject("Bad Request: wrong file identifier/HTTP URL specified")

    # ------------------------------------------------------------------------ serving

    def _serve(self, handler: _Handler) -> None:
        arrived = time.monotonic()
        path, _, query = handler.path.partition("?")
        path = unquote(path)  # PTB quotes file paths, and with them the token's ':'
        if handler.command == "GET" and path.startswith("/file/bot"):
            self._serve_file(handler, path)
            return
        match = _PATH_RE.fullmatch(path)
        if match is None:
            _reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, name = match.groups()
        method = self.spec.methods.get(name.lower())
        raw: dict[str, Any] = {}
        try:
            raw, uploads = _decode_params(
                handler.headers.get("Content-Type", ""), _read_body(handler), query
            )
            if token != self.token:
                raise _Reject("Unauthorized", 401)
            if method is None:
                raise _Reject("Not Found", 404)
            name = method.name
            try:
                params = _coerce_fields(self.spec, method.fields, raw, "", uploads, top=True)
            except _Mismatch as exc:
                raise _Reject(f'Bad Request: wrong parameter "{exc.path}": {exc.reason}') from None
            known = {f.name for f in method.fields}
            unknown = tuple(k for k in raw if k not in known and k not in uploads)
            call = self._dispatch(method, params, handler.connection, arrived, unknown)
        except _ClientGone:
            handler.close_connection = True
            return
        except _Reject as exc:
            self._refuse(handler, name, raw, exc.description, exc.code, arrived)
            return
        except (ValueError, UnicodeDecodeError) as exc:
            self._refuse(
                handler, name, raw, f"Bad Request: can't parse request: {exc}", 400, arrived
            )
            return
        except Exception as exc:  # a bug in the double: make it loud, not a hang
            self.errors.append(exc)
            self._refuse(handler, name, raw, f"Internal Server Error: {exc!r}", 500, arrived)
            return
        if self.on_call is not None:
            try:
                self.on_call(call)
            except Exception as exc:
                self.errors.append(exc)
        _reply(handler, 200, {"ok": True, "result": call.result})

    def _refuse(
        self,
        handler: _Handler,
        method: str,
        raw: dict[str, Any],
        description: str,
        code: int,
        at: float,
    ) -> None:
        with self._lock:
            self.rejections.append(Rejection(method, raw, description, code, at))
        _reply(handler, code, {"ok": False, "error_code": code, "description": description})

    def _serve_file(self, handler: _Handler, path: str) -> None:
        token, _, file_path = path.removeprefix("/file/bot").partition("/")
        with self._lock:
            stored = self._file_paths.get(file_path) if token == self.token else None
        if stored is None:
            _reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        handler.send_response(200)
        handler.send_header("Content-Type", stored.mime_type or "application/octet-stream")
        handler.send_header("Content-Length", str(len(stored.data)))
        handler.end_headers()
        handler.wfile.write(stored.data)

    def _dispatch(
        self,
        method: _Method,
        p: dict[str, Any],
        connection: socket.socket,
        arrived: float,
        unknown: tuple[str, ...],
    ) -> Call:
        """Runs the method and records the call under one lock: a waiter woken by a new
        message also finds its call in `calls`."""
        with self._lock:
            call = Call(method.name, p, arrived, self._run(method, p, connection), unknown)
            self.calls.append(call)
            return call

    def _run(self, method: _Method, p: dict[str, Any], connection: socket.socket) -> Any:
        if method.name == "getUpdates":
            return self._get_updates(p, connection)
        handler = self._api.get(method.name)
        if handler is not None:
            return handler(p)
        if "chat_id" in p:
            chat = self._chat(p["chat_id"], sending=method.name.startswith("send"))
            if method.returns == ("Message",):
                return self._send(method.name, chat, p)
        return True

    def _chat(self, chat_id: int | str, *, sending: bool = False) -> dict[str, Any]:
        key = self._usernames.get(chat_id[1:].lower(), 0) if isinstance(chat_id, str) else chat_id
        chat = self._chats.get(key)
        if chat is None:
            raise _Reject("Bad Request: chat not found")
        if sending and chat["type"] == "private":
            if chat["id"] in self._blocked:
                raise _Reject("Forbidden: bot was blocked by the user", 403)
            if chat["id"] not in self._started:
                raise _Reject("Forbidden: bot can't initiate conversation with a user", 403)
        return chat

    # ------------------------------------------------------------------------ updates

    def _get_updates(self, p: dict[str, Any], connection: socket.socket) -> list[dict[str, Any]]:
        if self._webhook is not None:
            raise _Reject(
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
                409,
            )
        if "allowed_updates" in p:
            self._allowed = p["allowed_updates"] or None
        offset = p.get("offset")
        if offset is not None and offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()
        elif offset is not None:
            while self._pending and self._pending[0]["update_id"] < offset:
                self._pending.popleft()
        limit = min(max(p.get("limit", 100), 1), 100)
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_changed.notify_all()  # an older poll still waiting is terminated
        deadline = time.monotonic() + max(p.get("timeout", 0), 0)
        while not self._pending and not self._stopping and generation == self._poll_generation:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._updates_changed.wait(left)
        if generation != self._poll_generation:
            if _client_gone(connection):
                raise _ClientGone
            raise _Reject(
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
                409,
            )
        return list(itertools.islice(self._pending, limit))

    def _set_webhook(self, p: dict[str, Any]) -> bool:
        url = p["url"]
        if not url:
            return self._delete_webhook(p)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Reject("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not _SECRET_RE.fullmatch(secret):
            raise _Reject("Bad Request: secret token contains unallowed characters")
        connections = p.get("max_connections", 40)
        if not 1 <= connections <= 100:
            raise _Reject("Bad Request: bad webhook: max_connections must be between 1 and 100")
        if p.get("drop_pending_updates"):
            self._drop_pending()
        if "allowed_updates" in p:
            self._allowed = p["allowed_updates"] or None
        if self._webhook is None:
            while self._pending:
                self._enqueue(self._pending.popleft())
        self._webhook_generation += 1
        self._webhook = _Webhook(
            url, secret, connections, self._webhook_generation, parts.scheme == "https",
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
            (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
        )  # fmt: skip
        self._webhook_changed.notify_all()  # the previous webhook's workers retire
        self._workers = [w for w in self._workers if w.is_alive()]
        for number in range(connections):
            worker = threading.Thread(
                target=self._deliver_loop,
                args=(self._webhook_generation,),
                name=f"telegram-webhook-{self._webhook_generation}-{number}",
                daemon=True,
            )
            self._workers.append(worker)
            worker.start()
        return True

    def _delete_webhook(self, p: dict[str, Any]) -> bool:
        if self._webhook is not None:
            self._webhook = None
            self._webhook_changed.notify_all()
            deadline = time.monotonic() + self.webhook_timeout + 1
            while self._inflight and not self._stopping and time.monotonic() < deadline:
                self._webhook_changed.wait(deadline - time.monotonic())
            undelivered = [update for queue in self._queues.values() for update in queue]
            self._pending.extend(sorted(undelivered, key=lambda u: u["update_id"]))
            self._queues.clear()
            self._ready.clear()
            self._retry.clear()
            self._queued = 0
        if p.get("drop_pending_updates"):
            self._drop_pending()
        return True

    def _webhook_info(self, _p: dict[str, Any]) -> dict[str, Any]:
        hook = self._webhook
        info: dict[str, Any] = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending) + self._queued,
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            if self._allowed:
                info["allowed_updates"] = self._allowed
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info

    def _drop_pending(self) -> None:
        self._pending.clear()
        self._queues.clear()
        self._ready.clear()
        self._retry.clear()
        self._queued = 0

    def _enqueue(self, update: dict[str, Any]) -> None:
        key = _order_key(update)
        queue = self._queues.setdefault(key, deque())
        queue.append(update)
        self._queued += 1
        if len(queue) == 1 and key not in self._inflight:
            self._ready.append(key)
            self._webhook_changed.notify()

    def _deliver_loop(self, generation: int) -> None:
        """One webhook connection: takes the first update of a chat that has none in flight."""
        connection: http.client.HTTPConnection | None = None
        try:
            while True:
                with self._lock:
                    job = self._next_job(generation)
                if job is None:
                    return
                key, update, hook = job
                error, connection = self._post(connection, hook, update)
                with self._lock:
                    self._finish_job(key, update, hook, error)
        except BaseException as exc:  # an escaping exception would fail an unrelated test
            self.errors.append(exc)
        finally:
            if connection is not None:
                connection.close()

    def _next_job(self, generation: int) -> tuple[object, dict[str, Any], _Webhook] | None:
        while True:
            hook = self._webhook
            if self._stopping or hook is None or hook.generation != generation:
                return None
            now = time.monotonic()
            while self._retry and self._retry[0][0] <= now:
                self._ready.append(heapq.heappop(self._retry)[2])
            if self._ready:
                key = self._ready.popleft()
                self._inflight.add(key)
                return key, self._queues[key][0], hook
            self._webhook_changed.wait(self._retry[0][0] - now if self._retry else None)

    def _post(
        self, connection: http.client.HTTPConnection | None, hook: _Webhook, update: dict[str, Any]
    ) -> tuple[str | None, http.client.HTTPConnection | None]:
        body = json.dumps(update, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        if hook.secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret
        while True:
            fresh = connection is None
            if connection is None:
                kind = http.client.HTTPSConnection if hook.https else http.client.HTTPConnection
                connection = kind(hook.host, hook.port, timeout=self.webhook_timeout)
            try:
                connection.request("POST", hook.path, body, headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = None
                if fresh:
                    return f"Connection error: {exc!r}", None
                continue  # a kept-alive connection the receiver had closed: once more, fresh
            if response.will_close:
                connection.close()
                connection = None
            if 200 <= response.status < 300:
                return None, connection
            return (
                f"Wrong response from the webhook: {response.status} {response.reason}",
                connection,
            )

    def _finish_job(
        self, key: object, update: dict[str, Any], hook: _Webhook, error: str | None
    ) -> None:
        self._inflight.discard(key)
        queue = self._queues.get(key)
        if queue and queue[0] is update:
            if error is not None:
                hook.last_error_date, hook.last_error_message = int(time.time()), error
                due = time.monotonic() + self.webhook_retry_delay
                heapq.heappush(self._retry, (due, next(self._counter), key))
                self._webhook_changed.notify_all()
                return
            queue.popleft()
            self._queued -= 1
        if queue:
            self._ready.append(key)
        elif queue is not None:
            del self._queues[key]
        self._webhook_changed.notify_all()

    # ------------------------------------------------------------------------ messages

    def _formatted(
        self,
        p: dict[str, Any],
        key: str,
        entities_key: str,
        limit: int,
        parse_key: str = "parse_mode",
    ) -> tuple[str, list[dict[str, Any]]]:
        raw = p.get(key) or ""
        mode = (p.get(parse_key) or "").lower()
        if p.get(entities_key) is not None:
            text, entities = raw, list(p[entities_key])
        elif mode:
            if mode not in _PARSERS:
                raise _Reject(f"Bad Request: unsupported parse_mode {p[parse_key]!r}")
            text, entities = _PARSERS[mode](raw)
        else:
            text, entities = raw, []
        text, entities = _trim(text, entities)
        if key == "text" and not text:
            raise _Reject("Bad Request: message text is empty")
        if _utf16(text) > limit:
            raise _Reject(
                f"Bad Request: message {'caption ' if key == 'caption' else ''}is too long"
            )
        return text, entities

    def _send(self, name: str, chat: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
        content: dict[str, Any] = {}
        if name == "sendMessage":
            text, entities = self._formatted(p, "text", "entities", 4096)
            content["text"] = text
            if entities:
                content["entities"] = entities
        else:
            content.update(self._caption(p))
            content.update(self._media(name, p))
        return self._bot_message(chat, p, content)

    def _caption(self, p: dict[str, Any]) -> dict[str, Any]:
        caption, entities = self._formatted(p, "caption", "caption_entities", 1024)
        content: dict[str, Any] = {"caption": caption} if caption else {}
        if caption and entities:
            content["caption_entities"] = entities
        return content

    def _bot_message(
        self, chat: dict[str, Any], p: dict[str, Any], content: dict[str, Any]
    ) -> dict[str, Any]:
        replied = None
        reply = p.get("reply_parameters")
        if reply:
            target = self._chat(reply["chat_id"])["id"] if "chat_id" in reply else chat["id"]
            replied = self._find_message(target, reply["message_id"])
            if replied is None and not reply.get("allow_sending_without_reply"):
                raise _Reject("Bad Request: message to be replied not found")
        sender = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
        message = self._new_message(chat, sender, content)
        if replied is not None:
            message["reply_to_message"] = replied
        markup = p.get("reply_markup")
        if markup and "inline_keyboard" in markup:  # Telegram echoes inline keyboards only
            message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        self._bot_messages.setdefault(chat["id"], {})[message["message_id"]] = message
        self._messages_changed.notify_all()
        return message

    def _media(self, name: str, p: dict[str, Any]) -> dict[str, Any]:
        kind = name.removeprefix("send").lower().replace("videonote", "video_note")
        if kind == "location":
            return {"location": {"latitude": p["latitude"], "longitude": p["longitude"]}}
        if kind == "venue":
            location = {"latitude": p["latitude"], "longitude": p["longitude"]}
            return {
                "venue": {"location": location, "title": p["title"], "address": p["address"]},
                "location": location,
            }
        if kind == "contact":
            contact = {k: p[k] for k in ("phone_number", "first_name", "last_name") if k in p}
            return {"contact": contact}
        if kind == "dice":
            return {"dice": {"emoji": p.get("emoji", "🎲"), "value": 1}}
        if kind not in (
            "photo",
            "document",
            "voice",
            "audio",
            "video",
            "animation",
            "video_note",
            "sticker",
        ):
            return {}  # polls, invoices, games...: the bare message is enough for PTB
        stored = self._file_for(p.get(kind), kind)
        if kind == "photo":
            return {"photo": self._photo_sizes(stored)}
        media = self._file_fields(stored)
        if kind == "sticker":
            media.update(self._sticker_fields())
        if kind in ("voice", "audio", "video", "animation", "video_note"):
            media["duration"] = p.get("duration", 1)
        if kind in ("video", "animation"):
            media.update(width=p.get("width", 640), height=p.get("height", 360))
        if kind == "video_note":
            media["length"] = p.get("length", 240)
        if kind in ("document", "audio", "video", "animation") and stored.file_name:
            media["file_name"] = stored.file_name
        if stored.mime_type and kind != "sticker":
            media["mime_type"] = stored.mime_type
        return {kind: media}

    def _send_media_group(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._chat(p["chat_id"], sending=True)
        if not 2 <= len(p["media"]) <= 10:
            raise _Reject("Bad Request: media group must include 2-10 items")
        contents = [
            {
                **self._caption(item),
                **self._media("send" + item["type"].capitalize(), {item["type"]: item["media"]}),
            }
            for item in p["media"]
        ]
        group = str(next(self._counter))
        return [self._bot_message(chat, p, {**c, "media_group_id": group}) for c in contents]

    def _source_message(self, p: dict[str, Any], action: str) -> dict[str, Any]:
        source = self._find_message(self._chat(p["from_chat_id"])["id"], p["message_id"])
        if source is None:
            raise _Reject(f"Bad Request: message to {action} not found")
        keep = ("text", "entities", "caption", "caption_entities", "photo", "document", "voice")
        keep += (
            "audio",
            "video",
            "animation",
            "video_note",
            "sticker",
            "location",
            "venue",
            "contact",
        )
        return {k: v for k, v in source.items() if k in keep}

    def _copy_message(self, p: dict[str, Any]) -> dict[str, int]:
        chat = self._chat(p["chat_id"], sending=True)
        content = self._source_message(p, "copy")
        if "caption" in p:
            content = {k: v for k, v in content.items() if k not in ("caption", "caption_entities")}
            content.update(self._caption(p))
        return {"message_id": self._bot_message(chat, p, content)["message_id"]}

    def _forward_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p["chat_id"], sending=True)
        return self._bot_message(chat, {}, self._source_message(p, "forward"))

    def _editable(self, p: dict[str, Any]) -> dict[str, Any]:
        if p.get("inline_message_id") is not None:
            raise _Reject("Bad Request: MESSAGE_ID_INVALID")
        if "chat_id" not in p or "message_id" not in p:
            raise _Reject("Bad Request: message identifier is not specified")
        chat = self._chat(p["chat_id"])
        message = self._bot_messages.get(chat["id"], {}).get(p["message_id"])
        if message is None:
            if p["message_id"] in self._user_messages.get(chat["id"], {}):
                raise _Reject("Bad Request: message can't be edited")
            raise _Reject("Bad Request: message to edit not found")
        return message

    def _replace(
        self, old: dict[str, Any], drop: tuple[str, ...], changes: dict[str, Any]
    ) -> dict[str, Any]:
        new = {k: v for k, v in old.items() if k not in drop and k != "reply_markup"}
        new.update({k: v for k, v in changes.items() if v})
        new["edit_date"] = int(time.time())
        self._bot_messages[old["chat"]["id"]][old["message_id"]] = new
        self._messages_changed.notify_all()
        return new

    def _edit_text(self, p: dict[str, Any]) -> dict[str, Any]:
        old = self._editable(p)
        if "text" not in old:
            raise _Reject("Bad Request: there is no text in the message to edit")
        text, entities = self._formatted(p, "text", "entities", 4096)
        markup = _inline(p.get("reply_markup"))
        if (text, entities, markup) == (
            old["text"],
            old.get("entities", []),
            old.get("reply_markup"),
        ):
            raise _Reject(NOT_MODIFIED)
        return self._replace(
            old, ("entities",), {"text": text, "entities": entities, "reply_markup": markup}
        )

    def _edit_caption(self, p: dict[str, Any]) -> dict[str, Any]:
        old = self._editable(p)
        content = self._caption(p)
        markup = _inline(p.get("reply_markup"))
        before = {k: old[k] for k in ("caption", "caption_entities") if k in old}
        if (content, markup) == (before, old.get("reply_markup")):
            raise _Reject(NOT_MODIFIED)
        return self._replace(
            old, ("caption", "caption_entities"), {**content, "reply_markup": markup}
        )

    def _edit_reply_markup(self, p: dict[str, Any]) -> dict[str, Any]:
        old = self._editable(p)
        markup = _inline(p.get("reply_markup"))
        if markup == old.get("reply_markup"):
            raise _Reject(NOT_MODIFIED)
        return self._replace(old, (), {"reply_markup": markup})

    def _delete_message(self, p: dict[str, Any]) -> bool:
        if not self._delete(self._chat(p["chat_id"])["id"], p["message_id"]):
            raise _Reject("Bad Request: message to delete not found")
        return True

    def _delete_messages(self, p: dict[str, Any]) -> bool:
        chat_id = self._chat(p["chat_id"])["id"]
        if not 1 <= len(p["message_ids"]) <= 100:
            raise _Reject("Bad Request: message_ids must contain 1-100 identifiers")
        for message_id in p["message_ids"]:
            self._delete(chat_id, message_id)  # Telegram skips the ones it cannot find
        return True

    def _delete(self, chat_id: int, message_id: int) -> bool:
        for store in (self._bot_messages, self._user_messages):
            messages = store.get(chat_id, {})
            if message_id in messages:
                self._deleted.setdefault(chat_id, {})[message_id] = messages.pop(message_id)
                self._messages_changed.notify_all()
                return True
        return False

    def _send_chat_action(self, p: dict[str, Any]) -> bool:
        self._chat(p["chat_id"], sending=True)
        if p["action"] not in CHAT_ACTIONS:
            raise _Reject("Bad Request: wrong parameter action in request")
        return True

    def _answer_callback_query(self, p: dict[str, Any]) -> bool:
        issued = self._callbacks.get(p["callback_query_id"])
        ttl = self.callback_query_ttl
        if issued is None or (ttl is not None and time.monotonic() - issued > ttl):
            raise _Reject(QUERY_INVALID)
        if len(p.get("text") or "") > 200:
            raise _Reject("Bad Request: MESSAGE_TOO_LONG")
        del self._callbacks[p["callback_query_id"]]
        return True

    # --------------------------------------------------------------- bot configuration

    def _commands_key(self, p: dict[str, Any]) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        if "chat_id" in scope:
            scope = {**scope, "chat_id": self._chat(scope["chat_id"])["id"]}
        return json.dumps(scope, sort_keys=True), self._language(p)

    @staticmethod
    def _language(p: dict[str, Any]) -> str:
        code = p.get("language_code") or ""
        if code and code not in ISO_639_1:
            raise _Reject("Bad Request: invalid language code specified")
        return code

    def _set_commands(self, p: dict[str, Any]) -> bool:
        if len(p["commands"]) > 100:
            raise _Reject("Bad Request: BOT_COMMANDS_TOO_MUCH")
        key = self._commands_key(p)
        if p["commands"]:
            self._commands[key] = p["commands"]
        else:
            self._commands.pop(key, None)
        return True

    def _get_commands(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        return self._commands.get(self._commands_key(p), [])

    def _delete_commands(self, p: dict[str, Any]) -> bool:
        self._commands.pop(self._commands_key(p), None)
        return True

    def _set_menu_button(self, p: dict[str, Any]) -> bool:
        chat_id = self._chat(p["chat_id"])["id"] if "chat_id" in p else None
        self._menu_buttons[chat_id] = p.get("menu_button") or {"type": "default"}
        return True

    def _get_menu_button(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat(p["chat_id"])["id"] if "chat_id" in p else None
        return (
            self._menu_buttons.get(chat_id) or self._menu_buttons.get(None) or {"type": "commands"}
        )

    def _set_bot_text(self, key: str, limit: int, p: dict[str, Any]) -> bool:
        text = p.get(key) or ""
        if len(text) > limit:
            raise _Reject(f"Bad Request: {key.replace('_', ' ')} is too long (at most {limit})")
        self._bot_texts[(key, self._language(p))] = text
        return True

    def _get_bot_text(self, key: str, p: dict[str, Any]) -> dict[str, str]:
        return {key: self._bot_texts.get((key, self._language(p)), "")}

    def _get_chat(self, p: dict[str, Any]) -> dict[str, Any]:
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        chat = self._chat(p["chat_id"])
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    def _get_chat_member(self, p: dict[str, Any]) -> dict[str, Any]:
        chat, user_id = self._chat(p["chat_id"]), p["user_id"]
        if user_id == self.bot_user["id"]:
            user = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
            return {"status": "member", "user": user}
        user = self._users.get(user_id) or {
            "id": user_id,
            "is_bot": False,
            "first_name": "Resident",
        }
        inside = (
            user_id == chat["id"]
            if chat["type"] == "private"
            else user_id in self._members.get(chat["id"], ())
        )
        return {"status": "member" if inside else "left", "user": dict(user)}

    def _get_chat_member_count(self, p: dict[str, Any]) -> int:
        chat = self._chat(p["chat_id"])
        return 2 if chat["type"] == "private" else len(self._members.get(chat["id"], ())) + 1

    def _get_file(self, p: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(p["file_id"])
        if stored is None:
            raise _Reject("Bad Request: invalid file_id")
        return {**self._file_fields(stored), "file_path": stored.file_path}


def _inline(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    if markup and "inline_keyboard" in markup:
        return {"inline_keyboard": markup["inline_keyboard"]}
    return None
