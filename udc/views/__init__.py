"""Views: the same result shown as a rich table, JSON, CSV, Markdown or plain sentences.

Views only present; they never compute a figure the engine did not.
"""
