"""Zip members whose names clash (a file ``a`` and a folder ``a/``) are refused with one
coded message; members that are not data are not unpacked at all."""
import zipfile

import pytest

from geo.importing import archive, errors, safe_open


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("members", [
    [("a", b"x"), ("a/b.geojson", b"{}")],
    [("a/b.geojson", b"{}"), ("a", b"x")],
    [("data/", b""), ("data", b"x")],
    [("x/a", b"x"), ("x/a/b/c.shp", b"x")],
])
def test_file_and_folder_of_one_name_is_refused(tmp_path, members):
    path = _zip(tmp_path / "clash.zip", members)
    with pytest.raises(errors.UnsafeArchive) as info:
        safe_open.read_zip(path)
    assert "clash.zip" in str(info.value) and info.value.problem.code == "archive.name_clash"


def test_only_data_members_are_unpacked(tmp_path):
    members = [(f"photos/{i}.jpg", b"\xff" * 1024) for i in range(200)]
    members += [("layer.geojson", b'{"type": "FeatureCollection", "features": []}')]
    path = _zip(tmp_path / "mixed.zip", members)
    dest = tmp_path / "out"
    dest.mkdir()
    files = archive.extract_zip(path, dest, suffixes={".geojson"})
    assert [f.name for f in files] == ["layer.geojson"]
    assert sorted(p.name for p in dest.rglob("*") if p.is_file()) == ["layer.geojson"]


def test_reading_a_zip_unpacks_only_the_chosen_dataset(tmp_path):
    layer = b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"n": 1},' \
            b' "geometry": {"type": "Point", "coordinates": [116.4, 39.9]}}]}'
    members = [(f"other/{i}.geojson", b"CORRUPT-ME-%03d" % i) for i in range(50)]
    path = _zip(tmp_path / "many.zip", members + [("want/layer.geojson", layer)])
    raw = path.read_bytes().replace(b"CORRUPT-ME", b"CORRUPT-M3")  # every other member fails its CRC
    path.write_bytes(raw)
    with pytest.raises(errors.UnreadableFile, match="damaged"):  # unpacking them all fails
        archive.extract_zip(path, tmp_path / "all")
    opened = safe_open.read_zip(path, member="want/layer.geojson")
    assert len(opened.frame) == 1
