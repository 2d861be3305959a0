"""Analyses of a scored round: status, moderation agenda and log, agreement, influence."""
