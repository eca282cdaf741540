"""config.toml (or the file named by DASHBOARD_CONFIG), read once into typed settings."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _minutes(hhmm: str) -> int:
    h, m = hhmm.strip().split(":")
    return int(h) * 60 + int(m)


@dataclass(frozen=True)
class Settings:
    """Every setting of the app; numbers the center's documents give come from here only."""

    raw: dict[str, Any]
    base_dir: Path
    timezone: str = "Asia/Shanghai"
    fixed_now: str = ""
    source_kind: str = "xlsx"
    data_path: Path | None = None
    demo_path: Path = ROOT / ".teamboard" / "demo"
    cumulative: bool = False
    header_scan_rows: int = 30
    min_volume: float = 10
    aliases: dict[str, list[str]] = field(default_factory=dict)
    shifts: dict[str, str] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """One table of the TOML file (empty when absent)."""
        return dict(self.raw.get(name, {}))

    def get(self, dotted: str, default: Any = None) -> Any:
        """A value by dotted key, e.g. `attendance.sick`."""
        node: Any = self.raw
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    @property
    def deductions(self) -> dict[str, float]:
        """Points per attendance record by category (病假/事假/旷工)."""
        a = self.section("attendance")
        return {"病假": float(a.get("sick", -0.3)), "事假": float(a.get("personal", -0.5)),
                "旷工": float(a.get("absent", -2.0))}

    @property
    def morning_end_minute(self) -> int:
        return _minutes(self.get("day.morning_end", "12:00"))

    @property
    def broadcast_times(self) -> list[str]:
        return list(self.get("broadcast.times", ["11:00", "15:00", "17:00"]))

    @property
    def notices(self) -> list[tuple[str, str]]:
        """(time, kind) pairs, kind 'start' or 'stop'."""
        return list(zip(self.get("notices.times", []), self.get("notices.kinds", [])))


def _resolve(base: Path, value: str) -> Path:
    p = Path(os.path.expanduser(value))
    return p if p.is_absolute() else (base / p)


def settings_from_dict(raw: dict[str, Any], base_dir: Path = ROOT) -> Settings:
    """Typed settings from an already-parsed TOML mapping (tests build them this way)."""
    src = raw.get("source", {})
    path = src.get("path", "data")
    return Settings(
        raw=raw,
        base_dir=base_dir,
        timezone=raw.get("floor", {}).get("timezone", "Asia/Shanghai"),
        fixed_now=str(raw.get("floor", {}).get("now", "") or ""),
        source_kind=src.get("kind", "xlsx"),
        data_path=_resolve(base_dir, path) if path else None,
        demo_path=_resolve(base_dir, src.get("demo_path", ".teamboard/demo")),
        cumulative=bool(raw.get("reports", {}).get("cumulative", False)),
        header_scan_rows=int(raw.get("reports", {}).get("header_scan_rows", 30)),
        min_volume=float(raw.get("ranking", {}).get("min_volume", 10)),
        aliases={k: list(v) for k, v in raw.get("aliases", {}).items()},
        shifts={str(k): str(v) for k, v in raw.get("shifts", {}).items()},
    )


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Settings:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    return settings_from_dict(raw, Path(path).resolve().parent)


def config_path() -> Path:
    """The config file in force: DASHBOARD_CONFIG, else config.toml beside the code."""
    return Path(os.environ.get("DASHBOARD_CONFIG") or ROOT / "config.toml")


def settings(data_override: str | os.PathLike | None = None) -> Settings:
    """The settings in force, read once per change of the file; `--data` overrides the path."""
    path = config_path()
    s = _load(str(path), path.stat().st_mtime)
    if data_override is not None:
        from dataclasses import replace
        s = replace(s, data_path=Path(data_override).resolve())
    return s
