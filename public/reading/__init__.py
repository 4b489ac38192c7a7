"""The read model: everything readers' pages load, returned as frozen dataclasses.

Views choose one of these functions, a template and a status; templates, the card renderer,
the page heads, feeds and sitemaps read what they return. The statements that are not the
ORM are in `sql`, the one module that runs them.
"""

from .banner import banner
from .navigation import navigation

__all__ = ["banner", "navigation"]
