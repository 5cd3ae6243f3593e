"""Straight-line distances between municipality centroids (haversine, km)."""

from __future__ import annotations

import csv
import math
from functools import lru_cache
from importlib import resources
from typing import Mapping

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def _data_file(name: str):
    return resources.files("meervoud.places").joinpath("data", name)


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """CBS code -> (lat, lon) of the municipality centroid, from places/data."""
    with _data_file("municipality_centroids.csv").open(encoding="utf-8") as handle:
        return {row["cbs_code"]: (float(row["lat"]), float(row["lon"]))
                for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def municipality_names() -> dict[str, str]:
    with _data_file("municipalities.csv").open(encoding="utf-8") as handle:
        return {row["cbs_code"]: row["name"] for row in csv.DictReader(handle)}


def place_name(code: str | None) -> str:
    if code is None:
        return "online"
    return municipality_names().get(code, code)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Distances:
    """Distance lookups over a fixed table of centroids; unknown codes are infinitely far."""

    def __init__(self, table: Mapping[str, tuple[float, float]] | None = None) -> None:
        table = dict(centroids() if table is None else table)
        self.codes = sorted(table)
        self.index = {code: i for i, code in enumerate(self.codes)}
        lat = np.radians(np.array([table[c][0] for c in self.codes], dtype=np.float64))
        lon = np.radians(np.array([table[c][1] for c in self.codes], dtype=np.float64))
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
        matrix = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        # one extra row and column (index -1) for unknown codes: infinitely far
        n = len(self.codes)
        full = np.full((n + 1, n + 1), np.inf, dtype=np.float64)
        full[:n, :n] = matrix
        self.matrix = full

    def idx(self, code: str | None) -> int:
        return self.index.get(code, -1) if code is not None else -1

    def km(self, a: str | None, b: str | None) -> float:
        """Distance in km; 0 when either side is online (None); inf for unknown codes."""
        if a is None or b is None:
            return 0.0
        return float(self.matrix[self.idx(a), self.idx(b)])


@lru_cache(maxsize=1)
def default_distances() -> Distances:
    return Distances()
