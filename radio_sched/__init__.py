"""radio_sched: directives in, loudspeaker programs out, aired on time and reported."""

__version__ = "0.2.0"
