"""The benchmark's scaled copies of the data (10x, 100x) pass the validator, so that the speed
benchmark measures the pages on data the app accepts."""

from benchmarks.__main__ import scaled_copy
from components.data import check_dataset


def test_a_scaled_copy_of_the_data_is_valid(tmp_path):
    assert [str(problem) for problem in check_dataset(scaled_copy(10, tmp_path / "data"))] == []
