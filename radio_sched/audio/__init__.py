"""Sound: speech engines, the per-sentence cache and assembly of a broadcast program.

This package is the only place that imports pydub, gTTS and the espeak-ng library; the pure core
(directive, script, models) stays free of them.
"""
