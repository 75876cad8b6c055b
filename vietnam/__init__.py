"""Bottom layer: helpers every package needs, importing nothing of ours.

Vietnamese text folding and slugs, the 2025 administrative units, validators,
form fields, upload checks and canonical absolute URLs live here so that the
Oscar forks, traceability, search and the project all import them from below.
"""
