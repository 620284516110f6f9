"""Operations on a stored script that the operator starts from the TUI or the CLI.

``toggle_sentence`` overturns the composer on one source sentence (aired ↔ dropped): the script
is recomposed from the stored directive with the stored overrides plus this one, the operator's
own edits are carried over where their sentence is still there, and the result is saved.

Versions it writes: the composer's text with its decisions (``decisions`` set), then, when the
operator had edited the previous composition, that text with the edits carried over
(``decisions`` None, like any edit). Keeping the composer's text as its own version is what lets
the next toggle tell the operator's edits from the composer's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from radio_sched.directive.serialize import directive_from_dict
from radio_sched.errors import UserError
from radio_sched.models import SentenceDecision, decision_from_dict, decision_to_dict, overrides_of
from radio_sched.script.compose import compose_script, estimate_seconds, recompose
from radio_sched.store import Store
from radio_sched.store.documents import ScriptRow, add_version, composed_version


@dataclass(frozen=True)
class ToggleResult:
    script_id: int
    version: int  # the newest version: the recomposed script, with the edits that could be kept
    decision: SentenceDecision  # the toggled sentence's new decision
    kept_edits: tuple[str, ...]
    lost_edits: tuple[str, ...]  # the operator's edits whose sentence is gone, in Vietnamese

    @property
    def aired(self) -> bool:
        return self.decision.kept


def toggle_sentence(store: Store, script_id: int, sentence_id: int) -> ToggleResult:
    """Air a dropped source sentence or drop an aired one, and save the recomposed script."""
    with store.session() as session:
        script = session.get(ScriptRow, script_id)
        if script is None:
            raise UserError(f"Không có kịch bản số {script_id}. Xem danh sách: radio-sched list.")
        if script.directive is None:
            raise UserError(
                f"Kịch bản số {script_id} không gắn với văn bản nào: không soạn lại được."
            )
        directive = directive_from_dict(script.directive.parsed)
        composed = composed_version(script)
        if composed is not None:
            decisions = [decision_from_dict(d) for d in composed.decisions or ()]
            composed_text = composed.text
        else:  # stored before decisions were kept: what the composer makes today
            fresh = compose_script(directive, script.commune)
            decisions, composed_text = list(fresh.decisions), fresh.text
        current = next((d for d in decisions if d.id == sentence_id), None)
        if current is None:
            raise UserError(f"Kịch bản số {script_id} không có câu số {sentence_id}.")
        overrides = overrides_of(decisions)
        if sentence_id in overrides:
            del overrides[sentence_id]  # back to the composer's own decision
        else:
            overrides[sentence_id] = not current.kept
        result = recompose(
            directive,
            script.commune,
            overrides,
            composed_text=composed_text,
            edited_text=script.latest.text,
        )
        toggled = next(d for d in result.script.decisions if d.id == sentence_id)
        note = f"{'Đọc' if toggled.kept else 'Bỏ'} câu {sentence_id} của văn bản"
        row = add_version(
            session,
            script,
            result.script.text,
            result.script.estimated_seconds,
            note=note,
            decisions=[decision_to_dict(d) for d in result.script.decisions],
        )
        if result.text != result.script.text:
            row = add_version(
                session,
                script,
                result.text,
                estimate_seconds(result.text),
                note="Giữ các chỗ người biên tập đã sửa",
            )
        return ToggleResult(script_id, row.version, toggled, result.kept_edits, result.lost_edits)
