"""What the newsroom's content says when it changes, for whoever keeps copies of it.

`save()` signals cover single rows; these cover the workflow's moves, which readers notice as a
story appearing, changing or going away (including changes that touch only related rows, such
as bylines, tags and corrections). The public site listens to purge its cached pages; the
content apps know nothing about caches.
"""

from django.dispatch import Signal

# Sent after the transaction that made the change commits, with `article` and `action`
# (the WorkflowEvent's action name).
story_published = Signal()
story_updated = Signal()
story_withdrawn = Signal()
