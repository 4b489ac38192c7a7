"""The public address every test's absolute URLs (feeds, sitemaps, JSON-LD) are built on."""

SITE = "https://news.example.org"
