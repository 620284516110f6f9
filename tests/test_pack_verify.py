"""Pack verification: a genuine pack passes; everything else is refused with its reason.

Every pack here is a real zip file on disk. The audio is fake bytes: verification checks
signatures, names, sizes and digests, not sound (the round trip tests use real audio).
"""

from __future__ import annotations

import stat
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radio_sched import keys
from radio_sched.pack.archive import Member, seal, write_zip
from radio_sched.pack.manifest import MANIFEST_NAME, SIGNATURE_NAME, manifest_bytes
from radio_sched.pack.names import name_problem
from radio_sched.pack.sign import PackSignature
from radio_sched.pack.verify import Limits, PackRefused, verify_pack


def trusted_district(tmp_path: Path, name: str = "Phòng VH-TT huyện Tân Phú") -> keys.PublicKey:
    public = keys.init_keys(name, force=True)
    key_file = tmp_path / f"{public.fingerprint[:8]}.pub"
    key_file.write_text(public.export_text(), encoding="utf-8")
    keys.trust_key(key_file)
    return public


def fields(public: keys.PublicKey, **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "format": "radio-sched-pack",
        "format_version": 1,
        "created_at": "2026-11-26T08:00:00+07:00",
        "producer": {"name": public.name or "Huyện", "key_fingerprint": public.fingerprint},
        "commune": {"name": "Xã Tân Thành", "dialect": "north"},
        "directive": {
            "reference": "123/UBND-VX",
            "number": "123",
            "code": "UBND-VX",
            "issuer": "UBND huyện Tân Phú",
            "date": "2026-11-20",
            "subject": "tuyên truyền phòng chống cháy rừng",
            "title": None,
            "messages": ["Phòng cháy hơn chữa cháy"],
            "frequency_per_day": 2,
            "source_sha256": "ab" * 32,
        },
        "campaign": {"start": "2026-11-27", "end": "2026-12-03"},
        "schedule_window": {"start": "2026-11-27", "end": "2026-12-03"},
        "priority": "normal",
        "program": {
            "title": "Phòng chống cháy rừng",
            "audio": "program.mp3",
            "duration_seconds": 12.5,
            "per_day": 2,
            "engine": "offline",
        },
    }
    base.update(changes)
    return base


def members() -> list[Member]:
    return [
        Member("program.mp3", "audio", b"ID3" + bytes(range(256)) * 8, 12.5),
        Member("script.txt", "script-text", "Kính thưa bà con nhân dân!\n".encode()),
    ]


def make_pack(
    path: Path,
    public: keys.PublicKey,
    *,
    files: Sequence[Member] | None = None,
    manifest_fields: dict[str, Any] | None = None,
    extra: Sequence[tuple[str, bytes]] = (),
    drop: Sequence[str] = (),
    replace: dict[str, bytes] | None = None,
) -> Path:
    files = list(files if files is not None else members())
    sealed = seal(manifest_fields or fields(public), files)
    entries = [(m.name, m.data) for m in files]
    entries += [
        (MANIFEST_NAME, sealed.manifest_bytes),
        (SIGNATURE_NAME, sealed.signature.to_bytes()),
    ]
    entries += list(extra)
    entries = [
        (name, (replace or {}).get(name, data)) for name, data in entries if name not in drop
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about duplicate names
        write_zip(path, entries)
    return path


def signed_raw_manifest(
    public: keys.PublicKey, document: dict[str, Any]
) -> list[tuple[str, bytes]]:
    """A manifest signed by the trusted key without the builder's schema check."""
    data = manifest_bytes(document)
    signature = PackSignature(public, keys.load_private_key().sign(data))
    return [(MANIFEST_NAME, data), (SIGNATURE_NAME, signature.to_bytes())]


def assert_refused(path: Path, reason: str, limits: Limits | None = None) -> None:
    with pytest.raises(PackRefused, match=reason):
        verify_pack(path, limits or Limits())


# ------------------------------------------------------------------------------------ genuine


def test_a_genuine_pack_verifies(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    verified = verify_pack(make_pack(tmp_path / "p.zip", public))
    assert verified.signer.name == "Phòng VH-TT huyện Tân Phú"
    assert verified.manifest.commune == "Xã Tân Thành"
    assert verified.contents["script.txt"].startswith("Kính thưa".encode())
    assert len(verified.pack_id) == 64


def test_verification_writes_nothing(tmp_path: Path, station_home: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public)
    before = sorted(p.relative_to(station_home) for p in station_home.rglob("*"))
    verify_pack(pack)
    assert sorted(p.relative_to(station_home) for p in station_home.rglob("*")) == before


# ---------------------------------------------------------------------------- signature refusals


def test_unsigned_pack_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    assert_refused(make_pack(tmp_path / "p.zip", public, drop=[SIGNATURE_NAME]), "chưa được ký")


def test_pack_without_manifest_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    assert_refused(make_pack(tmp_path / "p.zip", public, drop=[MANIFEST_NAME]), "manifest.json")


def test_pack_signed_by_an_untrusted_key_is_refused(tmp_path: Path) -> None:
    trusted_district(tmp_path)
    stranger = keys.init_keys("Kẻ giả mạo", force=True)  # signs, but nobody trusted it
    pack = make_pack(tmp_path / "p.zip", stranger)
    assert_refused(pack, "chưa được tin cậy")
    assert_refused(pack, keys.format_fingerprint(stranger.fingerprint))


def test_pack_with_no_trusted_keys_at_all_is_refused(tmp_path: Path) -> None:
    public = keys.init_keys("Huyện")
    assert_refused(make_pack(tmp_path / "p.zip", public), "chưa được tin cậy")


def test_manifest_altered_after_signing_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    sealed_pack = make_pack(tmp_path / "p.zip", public)
    with zipfile.ZipFile(sealed_pack) as archive:
        original = archive.read(MANIFEST_NAME)
    forged = original.replace("Xã Tân Thành".encode(), "Xã Tân Thanh".encode())
    pack = make_pack(tmp_path / "q.zip", public, replace={MANIFEST_NAME: forged})
    assert_refused(pack, "đã bị sửa sau khi ký")


def test_file_altered_after_signing_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    audio = members()[0].data
    same_size = audio[:-1] + bytes([audio[-1] ^ 1])
    pack = make_pack(tmp_path / "p.zip", public, replace={"program.mp3": same_size})
    assert_refused(pack, "program.mp3 không khớp mã SHA-256")
    longer = make_pack(tmp_path / "q.zip", public, replace={"program.mp3": audio + b"x"})
    assert_refused(longer, "program.mp3 có cỡ khác")


def test_signature_by_a_trusted_key_but_another_fingerprint_in_manifest_is_refused(
    tmp_path: Path,
) -> None:
    public = trusted_district(tmp_path)
    document = fields(public)
    document["producer"] = {"name": "Huyện", "key_fingerprint": "cd" * 32}
    document["files"] = [m.entry().to_dict() for m in members()]
    files = [(m.name, m.data) for m in members()]
    write_zip(tmp_path / "p.zip", files + signed_raw_manifest(public, document))
    assert_refused(tmp_path / "p.zip", "khoá khác")


def test_garbled_signature_file_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public, replace={SIGNATURE_NAME: b"{not json"})
    assert_refused(pack, "chữ ký không đọc được")


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    path.write_bytes(b"this is not a zip file at all")
    assert_refused(path, "không phải zip")


# --------------------------------------------------------------------------------- entry names


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/passwd", "tuyệt đối"),
        ("\\Windows\\evil.dll", "tuyệt đối"),
        ("../evil.mp3", r"\.\."),
        ("a/../../evil.mp3", r"\.\."),
        ("C:evil.mp3", "ổ đĩa"),
        ("c:/Windows/evil.dll", "ổ đĩa"),
        ("..\\evil.mp3", "gạch chéo ngược"),
        ("sub\\evil.mp3", "gạch chéo ngược"),
        ("sub/evil.mp3", "thư mục con"),
        ("chương-trình.mp3", "không cho phép"),
        (".hidden", "không cho phép"),
        ("NUL.mp3", "thiết bị"),
        ("com1", "thiết bị"),
        ("program.mp3.", "dấu chấm"),
    ],
)
def test_hostile_entry_names_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public, extra=[(name, b"x")])
    assert_refused(pack, reason)


def test_hostile_name_listed_in_a_signed_manifest_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    document = fields(public)
    document["files"] = [m.entry().to_dict() for m in members()]
    document["files"][1]["name"] = "../script.txt"
    files = [(m.name, m.data) for m in members()]
    write_zip(tmp_path / "p.zip", files + signed_raw_manifest(public, document))
    assert_refused(tmp_path / "p.zip", "lược đồ")


def _with_raw_entry(path: Path, info: zipfile.ZipInfo, data: bytes) -> Path:
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(info, data)
    return path


def test_symlink_entry_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public)
    link = zipfile.ZipInfo("link.mp3")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert_refused(_with_raw_entry(pack, link, b"/etc/passwd"), "symlink")


def test_directory_entry_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public)
    folder = zipfile.ZipInfo("folder")
    folder.create_system = 3
    folder.external_attr = (stat.S_IFDIR | 0o755) << 16
    assert_refused(_with_raw_entry(pack, folder, b""), "thư mục")


@pytest.mark.parametrize("twin", ["script.txt", "SCRIPT.TXT"])
def test_duplicate_names_are_refused(tmp_path: Path, twin: str) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public, extra=[(twin, b"other")])
    assert_refused(pack, "trùng nhau")


# ---------------------------------------------------------------------------------- zip bombs


def test_too_many_files_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    extra = [(f"f{index}.txt", b"x") for index in range(40)]
    assert_refused(make_pack(tmp_path / "p.zip", public, extra=extra), "quá giới hạn 32")


def test_compression_ratio_bomb_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    bomb = [("zeros.txt", bytes(8 << 20))]  # 8 MB of zeros deflate to about 8 KB
    assert_refused(make_pack(tmp_path / "p.zip", public, extra=bomb), "bom zip")


def test_too_many_bytes_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public)
    assert_refused(pack, "tổng dung lượng", Limits(max_total_bytes=1_000))
    assert_refused(pack, "lớn quá giới hạn", Limits(max_entry_bytes=100))


def test_oversized_pack_file_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public)
    assert_refused(pack, "tệp gói lớn quá", Limits(max_pack_bytes=100))


def test_entry_lying_about_its_size_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public)
    data = bytearray(pack.read_bytes())
    # Shrink script.txt's size in the central directory: it now inflates to more than declared.
    entry = data.find(b"PK\x01\x02", data.find(b"script.txt") - 200)
    while data[entry + 46 : entry + 56] != b"script.txt":
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = (3).to_bytes(4, "little")
    pack.write_bytes(bytes(data))
    assert_refused(pack, "script.txt")


def test_name_with_a_nul_byte_is_refused(tmp_path: Path) -> None:
    # zipfile cuts names at NUL when writing, so the byte is put in afterwards.
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public, extra=[("evil.mp3Z.txt", b"x")])
    pack.write_bytes(pack.read_bytes().replace(b"evil.mp3Z.txt", b"evil.mp3\x00.txt"))
    assert_refused(pack, "NUL")


# ----------------------------------------------------------------------- manifest vs files


def test_file_not_listed_in_manifest_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public, extra=[("bonus.mp3", b"x")])
    assert_refused(pack, "không kê trong manifest: bonus.mp3")


def test_listed_file_missing_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public, drop=["script.txt"])
    assert_refused(pack, "thiếu tệp được kê trong manifest: script.txt")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(extra_field=1), "trường lạ extra_field"),
        (lambda d: d.pop("priority"), "thiếu priority"),
        (lambda d: d.update(format_version=2), "format_version"),
        (lambda d: d.update(priority="urgent"), "priority"),
        (lambda d: d["program"].update(duration_seconds="12"), "duration_seconds"),
        (lambda d: d["producer"].update(key_fingerprint="xyz"), "key_fingerprint"),
        (lambda d: d.update(campaign={"start": "2026-12-03", "end": "2026-11-27"}), "campaign"),
        (lambda d: d.update(created_at="2026-11-26T08:00:00"), "múi giờ"),
        (lambda d: d["program"].update(audio="other.mp3"), "âm thanh"),
    ],
)
def test_manifest_not_matching_its_schema_is_refused(
    tmp_path: Path, change: Any, reason: str
) -> None:
    public = trusted_district(tmp_path)
    document = fields(public)
    document["files"] = [m.entry().to_dict() for m in members()]
    change(document)
    files = [(m.name, m.data) for m in members()]
    write_zip(tmp_path / "p.zip", files + signed_raw_manifest(public, document))
    assert_refused(tmp_path / "p.zip", reason)


def test_manifest_with_duplicate_json_keys_is_refused(tmp_path: Path) -> None:
    public = trusted_district(tmp_path)
    document = fields(public)
    document["files"] = [m.entry().to_dict() for m in members()]
    text = manifest_bytes(document).decode()
    forged = text.replace('"priority": "normal"', '"priority": "normal", "priority": "emergency"')
    data = forged.encode()
    signature = PackSignature(public, keys.load_private_key().sign(data))
    files = [(m.name, m.data) for m in members()]
    write_zip(
        tmp_path / "p.zip",
        [*files, (MANIFEST_NAME, data), (SIGNATURE_NAME, signature.to_bytes())],
    )
    assert_refused(tmp_path / "p.zip", "hai lần")


# ------------------------------------------------------------------ hostile names, generated

_PIECES = st.sampled_from(
    ["..", ".", "", "/", "\\", "C:", "c:", "\x00", "~", "evil", "program.mp3", "ẩn", "\u202e", " "]
)
_HOSTILE = st.lists(st.one_of(_PIECES, st.text(max_size=4)), min_size=1, max_size=6).map("".join)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=_HOSTILE)
def test_generated_entry_names_never_get_through(tmp_path: Path, name: str) -> None:
    if name in ("program.mp3", "script.txt", MANIFEST_NAME, SIGNATURE_NAME):
        return  # a genuine member's name: the pack would simply carry a duplicate
    problem = name_problem(name)
    if problem is None:
        # Whatever the checker lets through stays inside the folder it is extracted to.
        target = (tmp_path / "extract" / name).resolve()
        assert target.parent == (tmp_path / "extract").resolve()
        assert "/" not in name and "\\" not in name and ":" not in name
    public = trusted_district(tmp_path)
    try:
        pack = make_pack(tmp_path / "p.zip", public, extra=[(name, b"x")])
    except (ValueError, OSError):
        return  # zipfile itself cannot write this name
    with pytest.raises(PackRefused):
        verify_pack(pack)


def test_refusal_in_a_fresh_home_leaves_it_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    public = trusted_district(tmp_path)
    pack = make_pack(tmp_path / "p.zip", public)
    fresh = tmp_path / "fresh-commune"
    fresh.mkdir()
    monkeypatch.setenv("RADIO_SCHED_HOME", str(fresh))
    assert_refused(pack, "chưa được tin cậy")
    assert list(fresh.iterdir()) == []
