"""A date with a named time zone (MSK, CET, EET, BST ...) is read in that zone, whatever its layout."""

import pandas as pd
import pytest

from framing.corpus.meta import parse_date, parse_dates


@pytest.mark.parametrize("text", ["1 March 2022 13:00 MSK", "Tue, 01 Mar 2022 13:00:00 MSK", "March 1, 2022 13:00 MSK",
                                  "2022-03-01 13:00 MSK", "1 марта 2022 13:00 MSK", "1 March 2022 12:00 EET",
                                  "1 March 2022 11:00 CET", "1 March 2022 10:00 GMT", "1 March 2022 05:00 EST"])
def test_a_named_zone_is_not_dropped(text):
    assert parse_date(text) == pd.Timestamp("2022-03-01 10:00", tz="UTC")


def test_the_vectorised_parser_reads_the_zone_too():
    got = parse_dates(pd.Series(["2022-03-01T10:00:00Z", "Tue, 01 Mar 2022 13:00:00 MSK"]))
    assert got.tolist() == [pd.Timestamp("2022-03-01 10:00", tz="UTC")] * 2
