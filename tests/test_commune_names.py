"""How a commune's name is written, from one place (script/templates.py): at the head of a line,
mid-sentence (the script's station name, the report's sentences), alone (the report's dateline)."""

from __future__ import annotations

import pytest

from radio_sched.script.templates import (
    commune_display_name,
    commune_in_sentence,
    place_name,
    station_name,
)


@pytest.mark.parametrize(
    ("given", "display", "in_sentence", "place"),
    [
        ("  xã tân thành ", "Xã Tân Thành", "xã Tân Thành", "Tân Thành"),
        ("Phường 3", "Phường 3", "phường 3", "3"),
        ("Thị trấn Cái Nhum", "Thị trấn Cái Nhum", "thị trấn Cái Nhum", "Cái Nhum"),
        ("Tân Thành", "Tân Thành", "Tân Thành", "Tân Thành"),
    ],
)
def test_one_name_three_ways(given: str, display: str, in_sentence: str, place: str) -> None:
    assert commune_display_name(given) == display
    assert commune_in_sentence(display) == in_sentence
    assert place_name(display) == place


def test_the_station_is_named_mid_sentence() -> None:
    assert station_name("Xã Tân Thành") == "Đài Truyền thanh xã Tân Thành"
    assert station_name("Tân Thành") == "Đài Truyền thanh Tân Thành"
