"""Build tooling for the repository (not course material): static exports, notebook upkeep."""
