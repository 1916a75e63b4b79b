"""LERs as verifiable credentials: Open Badges 3.0, CLR 2.0, W3C VC (issue 4).

A pure library: no web, no database, no network unless the caller passes a fetcher.
"""
