"""The optional <file>.yaml metadata sidecar: strict loading and applying."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.extract.metadata import Metadata
from ingest.sidecar import SidecarError, apply, load_sidecar, part_overrides


def _source(tmp_path: Path, yaml_text: str | None) -> Path:
    source = tmp_path / "doc.txt"
    source.write_text("正文", encoding="utf-8")
    if yaml_text is not None:
        (tmp_path / "doc.yaml").write_text(yaml_text, encoding="utf-8")
    return source


def test_sidecar_absent_gives_none(tmp_path: Path) -> None:
    assert load_sidecar(_source(tmp_path, None)) is None


def test_sidecar_loads_and_normalises(tmp_path: Path) -> None:
    source = _source(
        tmp_path,
        "title: 某市节能行动方案\nissuers: [某市发展和改革委员会]\ndoc_number: 某发改〔2024〕1号\n"
        "date: 2024-03-01\nregion: 温州市\nvalid_until: '2026-12-31'\nplan_period: 2024-2026\n"
        "parts:\n  河南省坚决遏制“两高”项目盲目发展行动方案:\n    issuers: [河南省人民政府办公厅]\n",
    )
    got = load_sidecar(source)
    assert got["date"] == date(2024, 3, 1) and got["valid_until"] == date(2026, 12, 31)
    assert got["plan_period"] == (2024, 2026) and got["issuers"] == ["某市发展和改革委员会"]
    assert part_overrides(got, "河南省坚决遏制“两高”项目 盲目发展行动方案") == {
        "issuers": ["河南省人民政府办公厅"]
    }
    meta = apply(Metadata(title="旧", level=None), got)
    assert (meta.title, meta.region, meta.level, meta.valid_until) == (
        "某市节能行动方案",
        "温州市",
        "municipal",
        date(2026, 12, 31),
    )


@pytest.mark.parametrize(
    ("yaml_text", "key"),
    [
        ("titel: 错字\n", "titel"),
        ("date: 2024/03/01\n", "date"),
        ("valid_until: 2024年3月1日\n", "valid_until"),
        ("level: city\n", "level"),
        ("issuers: 42\n", "issuers"),
        ("plan_period: [2025, 2021]\n", "plan_period"),
        ("parts:\n  某方案:\n    colour: red\n", "parts.某方案.colour"),
        ("- just\n- a list\n", "mapping"),
        ("title: [unclosed\n", "YAML"),
    ],
)
def test_sidecar_rejects_bad_content(tmp_path: Path, yaml_text: str, key: str) -> None:
    with pytest.raises(SidecarError) as err:
        load_sidecar(_source(tmp_path, yaml_text))
    assert isinstance(err.value, IngestError)
    assert "doc.yaml" in str(err.value) and key in str(err.value)
