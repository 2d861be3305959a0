"""The core: load, model, rules and the exact engine. Imports nothing from the other layers."""
