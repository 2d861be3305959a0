"""udc: user-driven commissioning — co-assess tender bids with a lived-experience stake."""

__version__ = "0.1.0"
