from collections.abc import Iterator

import pytest

from shared.chunks import chunks


def test_items_come_in_order_in_chunks_of_the_size_asked_the_last_one_shorter() -> None:
    assert list(chunks(["1", "2", "3", "4", "5"], 2)) == [["1", "2"], ["3", "4"], ["5"]]


def test_no_items_make_no_chunks() -> None:
    assert list(chunks([], 3)) == []


def test_an_iterator_is_read_only_as_far_as_the_chunks_taken() -> None:
    read: list[int] = []

    def numbers() -> Iterator[int]:
        for number in range(10):
            read.append(number)
            yield number

    first = next(chunks(numbers(), 3))
    assert first == [0, 1, 2]
    assert read == [0, 1, 2]


def test_a_chunk_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one item"):
        list(chunks([1], 0))
