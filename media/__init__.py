"""Photos and files on messages: checking their bytes and screening them (SPEC section 11)."""
