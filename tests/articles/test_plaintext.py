"""One line of plain text: what headlines are saved as and email headers are built from."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.plaintext import header_line, one_line, xml_chars

XML_REFUSES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Line\nfeed", "Line feed"),
        ("  Dam\r\n\r\nrepairs\tdone  ", "Dam repairs done"),
        ("Alert\x07\x00 now\u2028and\u2029then\x85end\x0b\x0c", "Alert now and then end"),
        ("Paris\u00a0: l’État", "Paris\u00a0: l’État"),  # typographic spaces are the writer's
        ("\n\t\x01", ""),
        ("Київ 💥", "Київ 💥"),
    ],
)
def test_one_line(typed, kept):
    assert one_line(typed) == kept
    assert header_line(typed) == kept


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_one_line_is_one_line_xml_can_carry_and_stays_as_it_is_when_cleaned_again(text):
    line = one_line(text)
    assert len(line.splitlines()) <= 1 and not re.search("[\r\n]", line)
    assert not XML_REFUSES.search(line)
    assert one_line(line) == line


def test_xml_chars_keeps_line_breaks():
    assert xml_chars("<pre>a\nb\r\n\tc\x01\ufffe</pre>") == "<pre>a\nb\r\n\tc</pre>"
