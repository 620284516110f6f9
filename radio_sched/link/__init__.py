"""The commune's link to its hub over MQTT (issue 14): the protocol (pure) and its adapters."""
