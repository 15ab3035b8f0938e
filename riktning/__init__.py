"""Riktning: steer and follow up a municipal strategy for social sustainability."""
