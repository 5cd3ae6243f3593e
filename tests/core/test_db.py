from meervoud.core.db import in_chunks


def test_in_chunks_gives_every_value_once_sorted_and_never_more_than_the_size():
    values = {f"k{i:04d}" for i in range(1001)}
    chunks = list(in_chunks(values, size=500))
    assert [len(c) for c in chunks] == [500, 500, 1]
    assert [v for c in chunks for v in c] == sorted(values)
    assert list(in_chunks([])) == []
