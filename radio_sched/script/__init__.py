"""Directive → loudspeaker script, and the spoken form a voice reads."""
