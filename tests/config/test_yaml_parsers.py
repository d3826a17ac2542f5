"""Config files read the same with libyaml's parser as with PyYAML's own, and errors keep PyYAML's wording."""

import os

import pytest
import yaml

from kiosk.config import yamlsrc

CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "config")


@pytest.mark.parametrize("name", ["kiosk.yaml", "menu.yaml", "devices.yaml"])
def test_shipped_file_gives_the_same_data_and_lines_with_either_parser(name, monkeypatch):
    if yamlsrc._FAST_LOADER is None:
        pytest.skip("PyYAML built without libyaml")
    with open(os.path.join(CONFIG, name), encoding="utf-8") as fh:
        text = fh.read()
    fast = yamlsrc.load_located(text)
    monkeypatch.setattr(yamlsrc, "_FAST_LOADER", None)
    slow = yamlsrc.load_located(text)
    assert (fast.data, fast.lines, fast.duplicates) == (slow.data, slow.lines, slow.duplicates)


def test_duplicate_keys_are_found_by_the_fast_parser_too():
    doc = yamlsrc.load_located("a: 1\nb: 2\na: 3\n")
    assert doc.duplicates == [(("a",), 3)]


@pytest.mark.parametrize("text, line, words", [
    ("a: &x 1\nb: *y\n", 2, "found undefined alias 'y'"),
    ("a:\n\t- x\n", 2, "found character '\\t' that cannot start any token"),
    ("a: [oops\nb: 1\n", 2, "expected ',' or ']', but got ':'"),
])
def test_broken_yaml_is_reported_in_pyyaml_words_at_its_line(text, line, words):
    with pytest.raises(yamlsrc.YamlSyntaxError) as err:
        yamlsrc.load_located(text)
    assert err.value.line == line
    assert words in str(err.value)
    assert isinstance(err.value.__cause__, yaml.YAMLError)
