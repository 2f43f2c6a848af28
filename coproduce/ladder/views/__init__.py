"""Ladder views: `answering` (the question pages), `initiative` (results, rounds, actions)."""
