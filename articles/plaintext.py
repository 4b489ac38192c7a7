"""Plain text as it is kept and sent: headlines and names on one line, nothing XML refuses.

A headline is one line wherever it goes: an email subject (where a line break is a new
header, and Python's email refuses it), a feed title, a <title>. It is cleaned once when a
story is saved (workflow.save_article), and again by every output that needs one line, for
text stored before that rule or by paths outside the workflow.
"""

import re

# Every character str.splitlines() breaks on (which email.policy refuses in a header) is
# among these: C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# What XML 1.0 cannot carry at all (not even escaped): the C0 controls but tab, line feed and
# carriage return; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(" {2,}")


def one_line(value) -> str:
    """The text on one line: line breaks, tabs and other control characters become a single
    space, and it is trimmed ("Line\\nfeed" -> "Line feed")."""
    text = str(value)
    if text.isprintable() and "  " not in text and text == text.strip():
        return text  # most text: nothing to clean (isprintable is false for all we replace)
    text = _NOT_XML.sub(" ", _CONTROLS.sub(" ", text))
    return _SPACES.sub(" ", text).strip()


def xml_chars(value) -> str:
    """Text (or HTML) without the characters XML 1.0 cannot carry; line breaks stay."""
    return _NOT_XML.sub("", str(value))


def header_line(value) -> str:
    """A value for an email header (a subject, a name): one line, so a header never fails to
    build and never starts a second one."""
    return one_line(value)
