"""The engine's embedding cache, kept in the database (by model name and content hash).

A vector is derived from a story's words, so it goes when they go: `forget` when a story leaves
the analysis, `keep_only` after each analysis for whatever no stored statement holds any more.
"""

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from meervoud.core.db import IN_LIST_SIZE, in_chunks
from meervoud.knowledge.models import EmbeddingVector


class DatabaseEmbeddingCache:
    def get_many(self, model_name: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        wanted = set(hashes)
        stored = EmbeddingVector.objects.filter(model_name=model_name)
        if len(wanted) * 2 >= stored.count():
            # a re-analysis wants (nearly) every vector: one scan is twice as fast as 200 IN lists
            chunks = [stored.values_list("content_hash", "vector").iterator(chunk_size=5000)]
        else:
            chunks = (stored.filter(content_hash__in=chunk).values_list("content_hash", "vector")
                      for chunk in in_chunks(wanted))
        return {content_hash: np.frombuffer(bytes(vector), dtype=np.float32)
                for rows in chunks for content_hash, vector in rows if content_hash in wanted}

    def put_many(self, model_name: str, vectors: Mapping[str, np.ndarray]) -> None:
        EmbeddingVector.objects.bulk_create(
            [EmbeddingVector(model_name=model_name, content_hash=content_hash,
                             vector=np.asarray(vector, dtype=np.float32).tobytes())
             for content_hash, vector in vectors.items()],
            ignore_conflicts=True,
            batch_size=IN_LIST_SIZE,
        )

    def forget(self, content_hashes: Iterable[str]) -> int:
        """Delete the vectors of these texts, for every model; returns how many."""
        deleted = 0
        for chunk in in_chunks(set(content_hashes)):
            deleted += EmbeddingVector.objects.filter(content_hash__in=chunk).delete()[0]
        return deleted

    def keep_only(self, content_hashes: Iterable[str]) -> int:
        """Delete the vectors of every other text, for every model; returns how many."""
        keep = set(content_hashes)
        stale = [pk for pk, content_hash in EmbeddingVector.objects.values_list("pk", "content_hash")
                 .iterator(chunk_size=5000) if content_hash not in keep]
        for chunk in in_chunks(stale):
            EmbeddingVector.objects.filter(pk__in=chunk).delete()
        return len(stale)
