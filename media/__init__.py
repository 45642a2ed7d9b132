"""Photos and other files sent by MMS: checking, normalising, reading and screening (SPEC 11).

Unlike ``domain``, this package does I/O and uses imaging libraries; the decision itself is
the pure ``domain.media.media_verdict``.
"""
