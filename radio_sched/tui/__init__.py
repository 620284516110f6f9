"""The operator's terminal UI (Textual). Imported only by ``radio-sched tui``; nothing in the core,
the CLI or the daemon imports this package, so they never load Textual."""
