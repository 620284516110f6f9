"""Which names may appear inside a pack.

A pack is flat and its names are plain ASCII: anything else could land outside the folder it is
extracted to (absolute names, ``..``, drive letters, backslashes that Windows reads as folder
separators) or collide with another entry on a case-insensitive disk.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 100
_DRIVE = re.compile(r"^[A-Za-z]:")
_ALLOWED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Windows opens a device instead of a file for these, whatever the extension.
_DEVICE = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)", re.IGNORECASE)


def name_problem(name: str) -> str | None:
    """Why ``name`` may not be an entry of a pack, in Vietnamese; None when it is fine."""
    shown = repr(name)
    if not name:
        return "tên rỗng"
    if "\x00" in name:
        return f"tên {shown} chứa ký tự NUL"
    if name.startswith(("/", "\\")):
        return f"tên {shown} là đường dẫn tuyệt đối"
    if _DRIVE.match(name):
        return f"tên {shown} có ký tự ổ đĩa (kiểu C:)"
    if "\\" in name:
        return f"tên {shown} chứa dấu gạch chéo ngược"
    parts = name.split("/")
    if ".." in parts:
        return f"tên {shown} chứa “..” (trỏ ra ngoài thư mục)"
    if name.endswith("/"):
        return f"tên {shown} là thư mục; gói chỉ chứa tệp"
    if len(parts) > 1:
        return f"tên {shown} nằm trong thư mục con; gói chỉ chứa tệp ở gốc"
    if len(name) > MAX_NAME_LENGTH:
        return f"tên {shown} dài quá {MAX_NAME_LENGTH} ký tự"
    if name in (".", "..") or not _ALLOWED.match(name):
        return f"tên {shown} có ký tự không cho phép (chỉ chữ Latin không dấu, số, . _ -)"
    if name.endswith("."):
        return f"tên {shown} kết thúc bằng dấu chấm (Windows bỏ dấu chấm này đi)"
    if _DEVICE.match(name):
        return f"tên {shown} là tên thiết bị của Windows"
    return None


def collision_key(name: str) -> str:
    """Names that one disk or another would treat as the same file map to the same key."""
    return unicodedata.normalize("NFC", name).casefold()
