"""Week schedule: pure planning, exports, players and the playback daemon.

``model`` and ``plan`` are the pure core (no files, no clock); ``daemon`` is the only module that
imports APScheduler.
"""
