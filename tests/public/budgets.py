"""Queries a page may make, whatever the number of its stories, tags and authors."""

# A story with corrections costs one more (most have none: not even asked for).
ARTICLE_BUDGET = 9
LISTING_BUDGET = 8
# The front page's grid comes in the same query as the stories above the fold.
HOME_BUDGET = 6
