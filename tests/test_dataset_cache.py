"""The data-update check's interval: a mistyped setting in a unit file never stops the app."""

from __future__ import annotations

import logging

import pytest

from components.dataset_cache import DEFAULT_CHECK_SECONDS, check_seconds


@pytest.mark.parametrize("setting", [None, "", "  "])
def test_no_setting_means_the_default_interval(setting):
    assert check_seconds(setting) == DEFAULT_CHECK_SECONDS


@pytest.mark.parametrize("setting, seconds", [("2", 2.0), ("0.5", 0.5), ("0", 0.0)])
def test_a_number_of_seconds_is_used(setting, seconds):
    assert check_seconds(setting) == seconds


@pytest.mark.parametrize("setting", ["ten", "10s", "-3", "nan", "inf"])
def test_a_malformed_interval_falls_back_to_the_default_and_says_so(setting, caplog):
    with caplog.at_level(logging.WARNING, logger="components.dataset_cache"):
        assert check_seconds(setting) == DEFAULT_CHECK_SECONDS
    assert "HMT_DATA_CHECK_SECONDS" in caplog.text and repr(setting) in caplog.text
