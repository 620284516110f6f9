"""The hub: the district's or province's office, on PostgreSQL, talking to its communes through
an MQTT broker (Mosquitto). It sends signed packs, notices and emergencies, and takes back each
commune's as-run log and heartbeats, to show who is on air and to write the upper level's report.

Layers: ``db`` (tables), ``settings`` (hub.toml), ``broker_config`` (Mosquitto's files),
``outbox`` (signed messages out), ``ingest`` (verified messages in), ``dashboard``, ``report``
and ``ttn`` (what the office reads), ``mqtt`` (the paho-mqtt adapter) and ``service`` (``hub
run``). The CLI changes the hub's state only through ``operations``.
"""
