"""Hand-written SQL, one module per use case, with the records its rows become.

Services call these functions and never build SQL themselves. Statements are written out where
Piccolo's query building is too slow for the path (see `inbound`).
"""
