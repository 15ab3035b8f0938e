"""The titles by which the demo's seeders find the versions demo.py seeds (the consultation round
and the follow-up are seeded onto them), in a module of their own so that demo.py may import the
seeders without an import cycle."""

VERSION_2021_TITLE = "Strategi för social hållbarhet 2021–2030"
VERSION_2024_TITLE = "Strategi för social hållbarhet 2024–2030"
