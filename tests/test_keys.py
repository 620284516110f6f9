"""District keys: made private, exported with a fingerprint, trusted by the commune."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from radio_sched import keys
from radio_sched.cli import main
from radio_sched.errors import UserError


def test_init_makes_a_private_key_only_its_owner_can_read() -> None:
    public = keys.init_keys("Phòng VH-TT huyện Tân Phú")
    path = keys.private_key_path()
    assert path.is_file()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.own_public_key() == public
    assert public.name == "Phòng VH-TT huyện Tân Phú"


def test_init_refuses_to_replace_a_key_unless_forced() -> None:
    first = keys.init_keys("Huyện A")
    with pytest.raises(UserError, match="--force"):
        keys.init_keys("Huyện A")
    assert keys.own_public_key() == first
    second = keys.init_keys("Huyện A", force=True)
    assert second.raw != first.raw


def test_signing_without_a_key_says_how_to_make_one() -> None:
    with pytest.raises(UserError, match="keys init"):
        keys.sign(b"data")


def test_export_text_round_trips_and_shows_the_fingerprint() -> None:
    public = keys.init_keys("Huyện Tân Phú")
    text = public.export_text()
    assert keys.format_fingerprint(public.fingerprint) in text
    assert keys.parse_public_key(text) == public


def test_signature_verifies_only_the_signed_bytes() -> None:
    keys.init_keys()
    public, signature = keys.sign(b"manifest")
    assert public.verify(signature, b"manifest")
    assert not public.verify(signature, b"manifesT")
    assert not public.verify(b"\0" * 64, b"manifest")


def test_trust_a_key_file(tmp_path: Path) -> None:
    public = keys.init_keys("Huyện Tân Phú")
    exported = tmp_path / "huyen.pub"
    exported.write_text(public.export_text(), encoding="utf-8")
    trusted, new = keys.trust_key(exported)
    assert new and trusted.fingerprint == public.fingerprint
    assert keys.trust_key(exported) == (trusted, False)
    assert set(keys.trusted_keys()) == {public.fingerprint}


def test_trust_refuses_a_key_whose_fingerprint_differs_from_the_one_announced(
    tmp_path: Path,
) -> None:
    public = keys.init_keys()
    exported = tmp_path / "huyen.pub"
    exported.write_text(public.export_text(), encoding="utf-8")
    with pytest.raises(UserError, match="dấu vân tay"):
        keys.trust_key(exported, expected_fingerprint="00" * 32)
    assert keys.trusted_keys() == {}
    spaced = keys.format_fingerprint(public.fingerprint).lower()
    assert keys.trust_key(exported, expected_fingerprint=spaced)[1]


def test_a_trusted_file_whose_content_was_swapped_is_ignored(tmp_path: Path) -> None:
    first = keys.init_keys()
    exported = tmp_path / "a.pub"
    exported.write_text(first.export_text(), encoding="utf-8")
    keys.trust_key(exported)
    other = keys.init_keys(force=True)
    (keys.trusted_dir() / f"{first.fingerprint}.pub").write_text(other.export_text())
    assert keys.trusted_keys() == {}


def test_pem_public_keys_are_accepted() -> None:
    from cryptography.hazmat.primitives import serialization

    keys.init_keys()
    private = keys.load_private_key()
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert keys.parse_public_key(pem.decode()).raw == keys.own_public_key().raw


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "đúng một dòng"),
        ("ssh-ed25519 AAAA", "bắt đầu bằng"),
        ("radio-sched-ed25519 !!!", "base64"),
        ("radio-sched-ed25519 AAAA", "32 byte"),
        ("radio-sched-ed25519 AAAA\nradio-sched-ed25519 BBBB", "đúng một dòng"),
    ],
)
def test_broken_key_files_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(UserError, match=reason):
        keys.parse_public_key(text)


def test_cli_init_export_trust(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "init", "--name", "Huyện Tân Phú"]) == 0
    capsys.readouterr()
    assert main(["keys", "export"]) == 0
    exported = capsys.readouterr().out
    public = keys.own_public_key()
    assert keys.format_fingerprint(public.fingerprint) in exported
    assert keys.parse_public_key(exported) == public

    commune_home = tmp_path / "commune"
    monkeypatch.setenv("RADIO_SCHED_HOME", str(commune_home))
    key_file = tmp_path / "huyen.pub"
    key_file.write_text(exported, encoding="utf-8")
    assert main(["keys", "trust", str(key_file)]) == 0
    out = capsys.readouterr().out
    assert keys.format_fingerprint(public.fingerprint) in out
    assert set(keys.trusted_keys()) == {public.fingerprint}
    assert main(["keys", "list"]) == 0
    assert "Huyện Tân Phú" in capsys.readouterr().out
