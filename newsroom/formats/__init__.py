"""The newsroom's date and time formats, over Django's for the language (FORMAT_MODULE_PATH).

The desk says a time one way, 24-hour in the newsroom's zone ("7 Dec 2026, 17:39"), on
Django admin's own pages too (lists, read-only fields, object history), where English would
otherwise say "5:39 p.m.".
"""
