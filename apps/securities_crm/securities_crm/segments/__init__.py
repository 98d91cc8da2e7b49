"""Segments and tags: who belongs to which class of clients, and why.

catalogue.py   the fields a rule may read (profile, client, tags), each with its type and operators
rules.py       the rule tree: checking it (417s naming the field or operator) and compiling it to a Q
tiers.py       the tier ladder: one rung per client, by one number of the profile
membership.py  refresh_segments(as_of): memberships with their history, snapshots, automatic tags
explain.py     why a client is or is not in a segment, condition by condition
defaults.py    the default segments (fixtures/segments.json)
jobs.py        the job that runs after the nightly profile job
"""
