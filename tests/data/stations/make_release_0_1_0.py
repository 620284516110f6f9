"""How `release-0.1.0.sqlite3` was made: a station database written by the release before
migrations existed (commit 77b09c5), with a row in every table.

Run with that release's code first on the path, after `radio-sched demo --home HOME`:

    git worktree add /tmp/rel 77b09c5
    PYTHONPATH=/tmp/rel python -m radio_sched demo --home /tmp/relhome
    PYTHONPATH=/tmp/rel python tests/data/stations/make_release_0_1_0.py /tmp/relhome

then copy HOME/radio_sched.sqlite3 here. Kept as a binary fixture because later code cannot
write the old schema; this file documents where it came from.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from radio_sched.pack.store import ImportedPackRow
from radio_sched.store import open_store
from radio_sched.store.asrun import AsRunRow, DaemonStateRow
from radio_sched.store.documents import ScriptRow, add_version
from radio_sched.store.programs import EmergencyRow, PinRow, ProgramRow


def main(home: Path) -> None:
    store = open_store(f"sqlite:///{home / 'radio_sched.sqlite3'}")
    start = dt.datetime(2021, 9, 7, 22, 30, tzinfo=dt.UTC)  # 05:30 station time
    with store.session() as session:
        script = session.get(ScriptRow, 1)
        assert script is not None
        add_version(
            session, script, script.versions[-1].text + "\nXin trân trọng cảm ơn.", 280.0, "sửa"
        )
        audio = ProgramRow(
            title="Bản tin huyện tuần 36",
            kind="audio",
            audio_path="programs/ban-tin-huyen.mp3",
            duration_seconds=312.5,
            priority="normal",
            per_day=2,
            approved_at=start,
            approved_by="cán bộ",
        )
        session.add(audio)
        session.flush()
        session.add(PinRow(program_id=audio.id, day=start.date(), slot="Sáng", position=0))
        session.add(
            EmergencyRow(
                program_id=1,
                start=start,
                every_seconds=600.0,
                until=start + dt.timedelta(hours=1),
                created_by="trưởng đài",
            )
        )
        session.add(
            AsRunRow(
                key=f"1|{start.isoformat()}|Sáng",
                program_id=1,
                directive_id=1,
                title="Thích ứng an toàn",
                slot="Sáng",
                priority="normal",
                scheduled_start=start,
                scheduled_end=start + dt.timedelta(minutes=5),
                started_at=start,
                ended_at=start + dt.timedelta(minutes=4, seconds=31),
                outcome="played",
                reason="",
                audio_path="programs/chuong-trinh-1.mp3",
                seconds_played=271.0,
                player="miniaudio",
            )
        )
        session.add(DaemonStateRow(id=1, heartbeat=start, pid=4242))
        session.add(
            ImportedPackRow(
                pack_id="a" * 64,
                program_id=audio.id,
                commune="Xã Tân Thành",
                producer="Phòng Văn hóa huyện",
                key_fingerprint="b" * 64,
                audio_sha256="c" * 64,
                reference="169/STTTT",
                title="Bản tin huyện tuần 36",
                folder="packs/x",
                schedule_applied=True,
            )
        )
    store.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
