"""Instructions wrapped around a question in shapes other than chat roles: a control tag
("<admin override>...</admin override>", "<tool_call>...</tool_call>"), a bracketed override
("[ADMIN OVERRIDE: ...]", "[SYSTEM OVERRIDE] ...", "{system: ...}"), a fake tool or function call in
JSON ({"tool": ..., "instructions": ..., "query": "the question"}), and "ignore the above and ...".

Each shape is recognised by its structure and by words of control (who speaks with authority, what
a tool call is made of), never by the subject of a question. `unwrap` gives the learner's own text
with the wrappers removed and whether there was one; `rag.intents.injection` decides the rest.
"""

from __future__ import annotations

import json
import re

# Words that claim authority over the assistant or dress text as a tool's: the vocabulary of control.
# A marker counts when every word of its name is one of these and one of them claims authority.
AUTHORITY = {"admin", "administrator", "system", "sys", "root", "sudo", "superuser", "developer", "operator",
             "override", "jailbreak", "instruction", "instructions", "prompt", "config", "configuration", "policy",
             "tool", "function", "assistant"}
CONTROL_TOKENS = AUTHORITY | {"dev", "mode", "command", "notice", "message", "note", "update", "alert", "priority",
                              "call", "calls", "use", "response", "result", "output", "new", "secret", "hidden",
                              "internal", "important", "urgent", "msg", "cmd", "level", "access", "only"}
ALONE = {"admin", "administrator", "system", "sys", "root", "sudo", "superuser", "operator", "override", "jailbreak"}
# <name ...>content</name> with the same name (backreference), and a lone opening or closing tag
# (chat templates' own markers, "<<SYS>>" and "<|system|>", are read as role turns by rag.intents.injection).
TAG_BLOCK = re.compile(r"(?<!<)<\s*(?P<name>[A-Za-z][\w :.-]{0,40}?)\s*>(?P<body>.*?)<\s*/\s*(?P=name)\s*>", re.I | re.S)
LONE_TAG = re.compile(r"(?<![<|])<\s*/?\s*(?P<name>[A-Za-z][\w :.-]{0,40}?)\s*/?\s*>(?!>)", re.I)  # not <<SYS>>
# [NAME: content] / {NAME: content} / (NAME: content) / [NAME] / {NAME}
BRACKET = re.compile(r"[\[{(]\s*(?P<head>(?:[\w-]+\s+){0,3}?[\w-]+)\s*(?P<rest>[:=][^\]{}()\n]{0,200})?[\]})]")
# "ADMIN OVERRIDE:", "System notice -", "developer mode:" written bare (two control words and a colon).
BARE = re.compile(r"(?:^|(?<=[\s.!?]))(?P<head>[A-Za-z]+(?:[ _-][A-Za-z]+){1,2})\s*:")
# "Ignore the above and ...", "disregard everything before this.", "forget all of that; ..."
IGNORE_ABOVE = re.compile(
    r"\b(?:please\s+)?(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+|anything\s+|any\s+of\s+|all\s+of\s+)?"
    r"(?:the\s+|this\s+|what(?:'s|\s+is|\s+was|\s+came|\s+comes)?\s+|what\s+i\s+said\s+)?"
    r"(?:text\s+|messages?\s+|stuff\s+|lines?\s+)?(?:above|before(?:\s+this)?|previously|prior|earlier|"
    r"(?<=all of )(?:that|this)|(?<=everything )(?:else|that))\b"
    r"(?:\s+(?:instructions?|rules|guidance|guidelines|messages?|prompts?|text))?(?:\s*(?:,|;|:|\.|!|-|and then|and|then)\s*)?", re.I)
# Keys of a JSON wrapper that carry what the user asks, and keys that make it a tool call.
USER_KEYS = {"question", "query", "input", "user_input", "user", "message", "text", "content", "q", "ask", "prompt_user"}
TOOL_KEYS = {"tool", "tool_call", "tool_calls", "function", "function_call", "name", "arguments", "args",
             "instructions", "instruction", "system", "override", "admin", "config", "mode", "command"}


def is_control(name: str, *, alone_ok: bool = True) -> bool:
    """A marker's name made only of control words, one of which claims authority ("admin override",
    "tool_response", "SYSTEM"); a name that is one word must claim authority outright."""
    words = [w for w in re.split(r"[\s_:.-]+", name.lower()) if w]
    if not words or not all(w in CONTROL_TOKENS for w in words) or not set(words) & AUTHORITY:
        return False
    return len(words) > 1 or (alone_ok and words[0] in ALONE)


def unwrap(text: str) -> tuple[str, bool]:
    """The text with control wrappers removed, and whether any was found."""
    found = False
    parsed = _json_wrapper(text)
    if parsed is not None:
        text, found = parsed, True

    def tag(match: re.Match) -> str:
        nonlocal found
        if is_control(match.group("name")):
            found = True
            return " "
        return match.group(0)

    text = LONE_TAG.sub(tag, TAG_BLOCK.sub(tag, text))

    def bracket(match: re.Match) -> str:
        nonlocal found
        if not is_control(match.group("head")):
            return match.group(0)
        found = True
        return " "  # "[ADMIN OVERRIDE: do X]" goes whole; "[SYSTEM OVERRIDE] do X." leaves "do X." to be judged

    text = BRACKET.sub(bracket, text)

    def bare(match: re.Match) -> str:
        nonlocal found
        if not is_control(match.group("head"), alone_ok=False):
            return match.group(0)
        found = True
        return " "

    text = BARE.sub(bare, text)
    if IGNORE_ABOVE.search(text):
        found = True
        text = IGNORE_ABOVE.sub(" ", text)
    return text.strip(), found  # lines kept: a role marker may stand alone on its line ("### System")


def _json_wrapper(text: str) -> str | None:
    """The user's words in a JSON tool-call wrapper, with the text around it; None when the text
    holds no JSON object with tool or instruction keys."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        data = json.loads(text[start:end + 1])
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    user: list[str] = []
    keys: set[str] = set()

    def walk(value, key: str = "") -> None:
        if isinstance(value, dict):
            for name, inner in value.items():
                keys.add(str(name).lower())
                walk(inner, str(name).lower())
        elif isinstance(value, list):
            for inner in value:
                walk(inner, key)
        elif isinstance(value, str) and key in USER_KEYS:
            user.append(value)

    walk(data)
    if "role" in keys or not keys & TOOL_KEYS:  # chat turns ({"role", "content"}) are read as turns
        return None
    outside = (text[:start] + " " + text[end + 1:]).strip()
    return " ".join(part for part in (outside, *user) if part)
