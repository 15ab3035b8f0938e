"""The coordinator's forms (create and change documents, versions, areas, goals, indicators)."""

urlpatterns: list = []
