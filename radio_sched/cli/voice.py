"""Subcommand ``voice``: ``check`` (how well a listener would understand each available voice),
``pack`` and ``import`` (a Piper voice signed at the district, installed at the commune).

The recognizer (viet-asr) and the engines are imported inside the handler.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    voice = subparsers.add_parser("voice", help="Giọng đọc: đo độ dễ nghe của các giọng")
    actions = voice.add_subparsers(dest="voice_action", metavar="VIỆC", required=True)
    check = actions.add_parser(
        "check",
        help="Đo tỉ lệ lỗi từ của từng giọng bằng bộ nhận dạng tiếng nói ngoại tuyến",
        description=(
            "Mỗi giọng có trên máy (espeak-ng; Piper nếu đài có tệp giọng; Google nếu thêm "
            "--online) đọc một bộ câu phát thanh cố định; bộ nhận dạng tiếng nói ngoại tuyến "
            "(viet-asr) ghi lại điều nó nghe được; tỉ lệ lỗi từ càng thấp càng dễ nghe."
        ),
    )
    check.add_argument("--online", action="store_true", help="Đo cả giọng Google (cần mạng)")
    check.add_argument(
        "--sentences", type=int, metavar="SỐ", help="Chỉ đo SỐ câu đầu (nhanh hơn, kém chắc hơn)"
    )
    check.add_argument("--verbose", action="store_true", help="In từng câu và điều máy nghe được")
    check.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
    check.set_defaults(handler=_check)

    pack = actions.add_parser(
        "pack", help="(Huyện) Ký một giọng Piper (.onnx và .onnx.json) thành gói gửi các xã"
    )
    pack.add_argument("model", type=Path, help="Tệp giọng .onnx")
    pack.add_argument(
        "--config", type=Path, help="Tệp .onnx.json (mặc định: tên tệp giọng + .json)"
    )
    pack.add_argument("-o", "--output", type=Path, required=True, help="Tệp gói ra (.zip)")
    pack.set_defaults(handler=_pack)

    install = actions.add_parser(
        "import", help="(Xã) Kiểm tra chữ ký gói giọng của huyện rồi cài giọng cho đài"
    )
    install.add_argument("pack", type=Path, help="Tệp gói giọng (.zip)")
    install.set_defaults(handler=_import)


def _pack(args: argparse.Namespace) -> int:
    from radio_sched.pack.voices import build_voice_pack

    path = build_voice_pack(args.model, args.config, args.output)
    print(f"Đã ký gói giọng {path}; gửi tệp này cho các xã để nhập bằng: radio-sched voice import")
    return 0


def _import(args: argparse.Namespace) -> int:
    from radio_sched.pack.voices import import_voice_pack

    voice = import_voice_pack(args.pack)
    print(f"Đã cài giọng của {voice.producer}: {voice.model} (và {voice.config.name}).")
    if not voice.espeak_voice.startswith("vi"):
        print(
            f"Lưu ý: đây không phải giọng tiếng Việt (ngôn ngữ {voice.espeak_voice}); bà con sẽ "
            "khó nghe. Hãy hỏi huyện giọng tiếng Việt (tệp vi_VN-….onnx)."
        )
    print(
        'Đài đã được đặt dùng tệp giọng này; chọn giọng "piper" (hoặc "auto") trong Cài đặt '
        "hoặc bằng --engine piper để đọc bằng giọng này."
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    from radio_sched.audio.voice_check import (
        ENGINE_LABELS,
        broadcast_sentences,
        engines_to_check,
        load_recognizer,
        measure,
        recommendation,
    )
    from radio_sched.config import load_settings
    from radio_sched.errors import UserError

    settings = load_settings()
    sentences = broadcast_sentences()
    if args.sentences is not None:
        if args.sentences < 1:
            raise UserError("--sentences phải là số câu từ 1 trở lên.")
        sentences = sentences[: args.sentences]
    recognizer = load_recognizer()
    scores = []
    for engine in engines_to_check(settings, online=args.online):
        label = ENGINE_LABELS.get(engine.name, engine.name)
        if not args.json:
            print(f"Đang đo {label} trên {len(sentences)} câu…", file=sys.stderr, flush=True)
        score = measure(engine, recognizer, sentences, dialect=settings.dialect)
        scores.append(score)
        if args.json:
            continue
        if score.wer is None:
            print(f"{label}: không đo được — {score.failure}")
            continue
        print(f"{label}: tỉ lệ lỗi từ {score.wer:.1%} ({score.errors}/{score.words} từ)")
        if args.verbose:
            for spoken, heard in score.heard:
                print(f"    đọc:  {spoken}\n    nghe: {heard}")
    advice = recommendation(scores)
    if args.json:
        payload = {
            "sentences": len(sentences),
            "engines": [
                {
                    "engine": s.engine,
                    "wer": s.wer,
                    "errors": s.errors,
                    "words": s.words,
                    "failure": s.failure,
                }
                for s in scores
            ],
            "recommendation": advice,
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(advice)
    return 0
