"""Learning and Employment Records as verifiable credentials (Open Badges 3.0, CLR 2.0, W3C VC).

A pure library: no web, no database, no global state. Everything it needs (clock, keys,
document loader, fetchers) is passed in by the caller.
"""
