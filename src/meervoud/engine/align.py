"""Curation survives re-analysis: align a new run's themes to previous (curated) themes.

Previous themes that still exist keep their ids and new material attaches to them; genuinely new
themes get new (content-derived) ids; previous themes that no longer exist are reported as
retired. A new theme that swallowed two or more previous themes is split back along them, so a
curator's distinction is not silently merged away. Pinned statements (content hash -> theme id,
fixed by a curator) always end up in their theme. Everything is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .embed import l2_normalise
from .text import short_hash
from .types import BundleResult, Statement


@dataclass(frozen=True)
class PreviousTheme:
    """A theme from an earlier run, as the database keeps it."""

    id: str
    member_hashes: tuple[str, ...] = ()
    centroid: np.ndarray | None = None
    parent_id: str | None = None


def previous_from_result(result: BundleResult) -> list[PreviousTheme]:
    """Themes and sub-themes of a result, in the form :func:`align_themes` takes."""
    return [PreviousTheme(t.id, t.member_hashes, t.centroid, t.parent_id) for t in result.themes + result.subthemes]


def _members(statements: Sequence[Statement], assignment: Mapping[str, str | None]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        t = assignment.get(s.id)
        if t is not None:
            out[t].append(i)
    return out


def _match(
    new_members: dict[str, set[str]],
    new_centroids: dict[str, np.ndarray],
    prev: Sequence[PreviousTheme],
    present: set[str],
    min_jaccard: float,
    min_share: float,
    min_cosine: float,
) -> dict[str, str]:
    """One-to-one matching new id -> previous id: first on shared members, then on centroids."""
    owner: dict[str, str] = {}
    for nid, nm in new_members.items():
        for h in nm:
            owner[h] = nid
    pairs = []
    for p in prev:
        counts: dict[str, int] = defaultdict(int)
        n_present = 0
        for h in set(p.member_hashes):
            if h in present:
                n_present += 1
                nid = owner.get(h)
                if nid is not None:
                    counts[nid] += 1
        for nid, inter in counts.items():
            union = n_present + len(new_members[nid]) - inter
            jac = inter / union
            share = inter / n_present
            if jac >= min_jaccard or share >= min_share:
                pairs.append((-jac, -inter, p.id, nid))
    pairs.sort()
    mapping: dict[str, str] = {}
    used_prev: set[str] = set()
    for _, _, pid, nid in pairs:
        if nid in mapping or pid in used_prev:
            continue
        mapping[nid] = pid
        used_prev.add(pid)
    # centroid fallback (previous themes whose members were all edited or removed)
    cpairs = []
    for p in prev:
        if p.id in used_prev or p.centroid is None:
            continue
        pc = l2_normalise(np.asarray(p.centroid, dtype=np.float32))
        for nid, c in new_centroids.items():
            if nid in mapping or c.shape != pc.shape:
                continue
            cos = float(c @ pc)
            if cos >= min_cosine:
                cpairs.append((-round(cos, 6), p.id, nid))
    cpairs.sort()
    for _, pid, nid in cpairs:
        if nid in mapping or pid in used_prev:
            continue
        mapping[nid] = pid
        used_prev.add(pid)
    return mapping


def _split_merged(
    statements, x, assignment: dict[str, str | None], prev: Sequence[PreviousTheme], present: set[str],
    min_share: float,
) -> dict[str, str | None]:
    """A new theme holding most members of two or more previous themes is split back along them."""
    hash_prev: dict[str, str] = {}
    for p in prev:
        for h in p.member_hashes:
            hash_prev.setdefault(h, p.id)
    prev_size = {p.id: len(set(p.member_hashes) & present) for p in prev}
    out = dict(assignment)
    for nid, rows in sorted(_members(statements, assignment).items()):
        counts: dict[str, int] = defaultdict(int)
        # distinct texts, as prev_size counts them: a sentence many narrators wrote is one member
        for h in {statements[i].content_hash for i in rows}:
            pid = hash_prev.get(h)
            if pid is not None:
                counts[pid] += 1
        swallowed = sorted(pid for pid, c in counts.items() if prev_size[pid] and c / prev_size[pid] >= min_share)
        if len(swallowed) < 2:
            continue
        # centroids of the swallowed previous themes, from their members in this run
        cents = []
        for pid in swallowed:
            idx = [i for i in rows if hash_prev.get(statements[i].content_hash) == pid]
            cents.append(l2_normalise(x[idx].mean(axis=0)))
        cents = np.stack(cents)
        for i in rows:
            pid = hash_prev.get(statements[i].content_hash)
            part = pid if pid in swallowed else swallowed[int(np.argmax(cents @ x[i]))]
            out[statements[i].id] = f"{nid}~{part}"
    return out


def align_themes(
    statements: Sequence[Statement],
    x: np.ndarray,
    assignment: dict[str, str | None],
    subassignment: dict[str, str | None],
    sub_parent_of: dict[str, str],
    previous: Sequence[PreviousTheme],
    min_jaccard: float = 0.3,
    min_share: float = 0.5,
    min_cosine: float = 0.9,
    split_merged: bool = True,
):
    """Rename the new run's theme ids after ``previous``. Returns
    (assignment, subassignment, sub_parent_of, id_map new->final, retired previous ids)."""
    present = {s.content_hash for s in statements}
    prev_top = [p for p in previous if p.parent_id is None]
    prev_sub = [p for p in previous if p.parent_id is not None]

    if split_merged and prev_top:
        before = assignment
        assignment = _split_merged(statements, x, assignment, prev_top, present, min_share)
        if assignment != before:  # sub-themes of a split theme follow the split
            for s in statements:
                sub = subassignment.get(s.id)
                if sub is not None and assignment[s.id] != before[s.id]:
                    subassignment[s.id] = None

    def rename(assign, prev, parent_of=None):
        members = _members(statements, assign)
        new_members = {k: {statements[i].content_hash for i in v} for k, v in members.items()}
        cents = {k: l2_normalise(x[v].mean(axis=0)) for k, v in members.items()}
        mapping = _match(new_members, cents, prev, present, min_jaccard, min_share, min_cosine)
        taken = {p.id for p in previous}
        final: dict[str, str] = {}
        for k in sorted(members):
            if k in mapping:
                final[k] = mapping[k]
            else:
                base = "t" + short_hash(*sorted(new_members[k]))
                if parent_of is not None:
                    base = f"{parent_of[k]}.{short_hash(*sorted(new_members[k]), length=6)}"
                fid, n = base, 1
                while fid in taken or fid in final.values():
                    fid = f"{base}-{n}"
                    n += 1
                final[k] = fid
        new_assign = {sid: (final[t] if t is not None else None) for sid, t in assign.items()}
        retired = tuple(sorted(p.id for p in prev if p.id not in set(final.values())))
        return new_assign, final, retired

    new_assign, top_map, retired_top = rename(assignment, prev_top)
    # sub-themes: parents are renamed first, then sub-themes are matched among previous sub-themes
    sub_parent_final = {}
    for s in statements:
        sub = subassignment.get(s.id)
        if sub is not None and new_assign[s.id] is not None:
            sub_parent_final[sub] = new_assign[s.id]
    subassignment = {sid: (sub if sub in sub_parent_final else None) for sid, sub in subassignment.items()}
    new_sub, sub_map, retired_sub = rename(subassignment, prev_sub, parent_of=sub_parent_final)
    new_sub_parent = {sub_map[k]: v for k, v in sub_parent_final.items() if k in sub_map}
    id_map = {k: v for k, v in {**top_map, **sub_map}.items()}
    return new_assign, new_sub, new_sub_parent, id_map, retired_top + retired_sub


def apply_pins(
    statements: Sequence[Statement],
    assignment: dict[str, str | None],
    subassignment: dict[str, str | None],
    sub_parent_of: dict[str, str],
    pinned: Mapping[str, str],
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Put every statement whose content hash is pinned into its curator-given theme.

    A pinned id that is a sub-theme id also sets the parent theme. A statement pinned to a theme
    sits in the theme itself, in none of its sub-themes: that is where the curator put it. A
    pinned id that the run did not produce becomes a theme of its own (the curator's theme
    survives even if the clusterer no longer finds it).
    """
    assignment = dict(assignment)
    subassignment = dict(subassignment)
    for s in statements:
        tid = pinned.get(s.content_hash)
        if tid is None:
            continue
        if tid in sub_parent_of:
            assignment[s.id] = sub_parent_of[tid]
            subassignment[s.id] = tid
        else:
            assignment[s.id] = tid
            subassignment[s.id] = None
    return assignment, subassignment
