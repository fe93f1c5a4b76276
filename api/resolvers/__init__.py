"""Root fields: each validates its arguments and calls one function of ``core``."""
