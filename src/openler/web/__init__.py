"""The web layer: pages for people and a JSON API for machines. Thin: parse, call a service,
render."""
