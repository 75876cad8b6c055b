"""Reach: how the marketplace is seen from outside.

Link previews (Open Graph, Twitter cards) for chat apps and fanpages,
search engines (sitemaps, robots.txt, canonical links, schema.org JSON-LD)
and merchant feeds for partner portals. It reads the catalogue, sellers and
Wagtail pages and changes none of them; the Oscar forks never import it.
"""
