"""YAML loading that remembers the line of every key and item, for `FILE:LINE: message` problems."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Path = tuple  # a path into the document: ("tiles", 2, "title")

#: libyaml's parser when PyYAML was built with it: the same nodes and lines as the pure-Python one, about
#: ten times faster (a config check is on the way to the kiosk's first screen). Its error texts are terser
#: ("found undefined alias" without the name), so a file it rejects is parsed again by the pure-Python
#: parser for the message a technician reads.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str):
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


@dataclass
class Located:
    """A parsed document plus the 1-based line of each path in it."""

    data: object
    lines: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)  # (path, line) of keys given twice

    def line_of(self, path) -> int:
        """The line of ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def load_located(text: str) -> Located:
    """Parse ``text``; raise YamlSyntaxError (with its line) for broken YAML."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        msg = (exc.problem or str(exc)).strip()
        if exc.context:
            msg = f"{exc.context.strip()}: {msg}"
        raise YamlSyntaxError(f"YAML syntax error: {msg}", line) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - scanner errors are MarkedYAMLError
        raise YamlSyntaxError(f"YAML syntax error: {exc}", 1) from exc
    loc = Located(data=None)
    if node is None:
        loc.data = None
        loc.lines[()] = 1
        return loc
    loc.lines[()] = node.start_mark.line + 1
    loc.data = _build(node, (), loc)
    return loc


_constructor = yaml.SafeLoader(" ")  # only its construct_scalar/resolvers are used


def _build(node, path, loc: Located):
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, loc)
            if isinstance(key, (list, dict)):
                key = str(key)
            child = path + (key,)
            if key in out:
                loc.duplicates.append((child, key_node.start_mark.line + 1))
            loc.lines[child] = key_node.start_mark.line + 1
            out[key] = _build(value_node, child, loc)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            loc.lines[path + (i,)] = item.start_mark.line + 1
            items.append(_build(item, path + (i,), loc))
        return items
    return _constructor.construct_object(node, deep=True)
