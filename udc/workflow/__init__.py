"""Workflow: files, edits of round files, score sheets out and back in."""
