"""OLE2 compound files (old Word .doc, encrypted OOXML packages): only the directory is read.

Kept free of any document library, so that detecting a file's format by its content is cheap
and a text file never loads python-docx or LibreOffice helpers.
"""
from __future__ import annotations

import struct

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_FIB_MAGIC = 0xA5EC
_FREE_SECTOR_MARKERS = 0xFFFFFFFA  # sector ids at or above this end a chain
_MAX_DIRECTORY_SECTORS = 10_000


def ole_to_streams(data: bytes) -> dict[str, tuple[int, int]]:
    """Stream names of an OLE2 compound file -> (first sector, size); {} when it is not one.

    Only the directory is read (header, FAT, directory chain): enough to tell a Word .doc from
    an Excel sheet or an encrypted OOXML package and to find the Word stream's first sector.
    """
    if len(data) < 512 or data[:8] != OLE2_MAGIC:
        return {}
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        return {}
    sector_size = 1 << shift
    n_fat, dir_start = struct.unpack_from("<I", data, 44)[0], struct.unpack_from("<I", data, 48)[0]
    difat_start, n_difat = struct.unpack_from("<I", data, 68)[0], struct.unpack_from("<I", data, 72)[0]
    n_sectors = len(data) // sector_size  # a count larger than the file can hold is a lie

    def sector(sid: int) -> bytes:
        offset = (sid + 1) * sector_size
        return data[offset : offset + sector_size]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < _FREE_SECTOR_MARKERS]
    sid, per_sector, seen_difat = difat_start, sector_size // 4, set()
    for _ in range(min(n_difat, n_sectors)):
        if sid >= _FREE_SECTOR_MARKERS or sid in seen_difat:
            break
        seen_difat.add(sid)
        entries = struct.unpack(f"<{per_sector}I", sector(sid).ljust(sector_size, b"\xff"))
        fat_sectors += [s for s in entries[:-1] if s < _FREE_SECTOR_MARKERS]
        sid = entries[-1]
    fat: list[int] = []
    for s in fat_sectors[: min(n_fat, n_sectors)]:
        fat += struct.unpack(f"<{per_sector}I", sector(s).ljust(sector_size, b"\xff"))

    streams: dict[str, tuple[int, int]] = {}
    sid, seen = dir_start, set()
    while sid < _FREE_SECTOR_MARKERS and sid not in seen and sid < len(fat) and len(seen) < _MAX_DIRECTORY_SECTORS:
        seen.add(sid)
        block = sector(sid)
        for offset in range(0, len(block) - 127, 128):
            entry = block[offset : offset + 128]
            name_len = struct.unpack_from("<H", entry, 64)[0]
            if entry[66] in (1, 2, 5) and 2 <= name_len <= 64:  # storage, stream, root
                name = entry[: name_len - 2].decode("utf-16-le", "replace")
                streams[name] = (struct.unpack_from("<I", entry, 116)[0], struct.unpack_from("<I", entry, 120)[0])
        sid = fat[sid]
    return streams


def is_encrypted_ooxml(data: bytes, streams: dict[str, tuple[int, int]] | None = None) -> bool:
    """A password-protected DOCX/XLSX: an OLE2 file holding ``EncryptedPackage``."""
    streams = ole_to_streams(data) if streams is None else streams
    return "EncryptedPackage" in streams


def is_encrypted_doc(data: bytes, streams: dict[str, tuple[int, int]]) -> bool:
    """The fEncrypted flag of the Word FIB (first sector of the WordDocument stream)."""
    start, size = streams.get("WordDocument", (0, 0))
    if size < 4096:  # kept in the mini stream: too small to be a real Word file
        return False
    sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
    fib = data[(start + 1) * sector_size : (start + 1) * sector_size + 12]
    if len(fib) < 12 or struct.unpack_from("<H", fib, 0)[0] != _WORD_FIB_MAGIC:
        return False
    return bool(struct.unpack_from("<H", fib, 10)[0] & 0x0100)
