"""Coordinates as editors copy them from articles: one parser (projects.coordinates), every format."""

import pytest

from projects.coordinates import CoordinateError, format_coordinates, parse_coordinates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40.19, 124.53", (40.19, 124.53)),
        ("40.19 124.53", (40.19, 124.53)),
        ("40.19N 124.53E", (40.19, 124.53)),
        ("40.19 N, 124.53 E", (40.19, 124.53)),
        ("N40.19 E124.53", (40.19, 124.53)),
        ("124.53E 40.19N", (40.19, 124.53)),  # longitude first, told by its letter
        ("40.19n 124.53e", (40.19, 124.53)),
        ("40°11'N 124°32'E", (40 + 11 / 60, 124 + 32 / 60)),
        ("40°11′N, 124°32′E", (40 + 11 / 60, 124 + 32 / 60)),
        ("40°11.4'N 124°31.8'E", (40 + 11.4 / 60, 124 + 31.8 / 60)),
        ("40°11'30\"N 124°32'10\"E", (40 + 11 / 60 + 30 / 3600, 124 + 32 / 60 + 10 / 3600)),
        ("40 11' N 124 32' E", (40 + 11 / 60, 124 + 32 / 60)),
        ("33.9S 151.2E", (-33.9, 151.2)),
        ("-33.9, -70.6", (-33.9, -70.6)),
        ("  38.0 , 125.5  ", (38.0, 125.5)),
    ],
)
def test_accepts_decimal_and_degrees_minutes(text, expected):
    latitude, longitude = parse_coordinates(text)
    assert latitude == pytest.approx(expected[0]) and longitude == pytest.approx(expected[1])


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Enter a latitude and a longitude"),
        ("Sinuiju", "is not a latitude and longitude"),
        ("40.19", "is not a latitude and longitude"),
        ("40.19N 124.53N", "north/south"),
        ("40.19N 124.53", "on both numbers"),
        ("40°75'N 124°32'E", "Minutes must be less than 60"),
        ("40°11'75\"N 124°32'E", "Seconds must be less than 60"),
        ("124.53, 40.19", "Latitude must lie between -90 and 90"),
        ("40.19, 190.5", "Longitude must lie between -180 and 180"),
        ("-40.19S 124.53E", "not both"),
        ("N40.19N 124.53E", "once|is not a latitude"),
        ("40.5°11'N 124°32'E", "whole degrees"),
        ("4" * 101, "At most 100"),
    ],
)
def test_refuses_what_is_not_a_coordinate_pair_saying_why(text, says):
    with pytest.raises(CoordinateError, match=says):
        parse_coordinates(text)


def test_the_shown_form_reads_back():
    text = format_coordinates(40.19944, 124.53167)
    assert text == "40.19944N 124.53167E"
    assert parse_coordinates(text) == pytest.approx((40.19944, 124.53167))
    assert parse_coordinates(format_coordinates(-1.5, -2.25)) == pytest.approx((-1.5, -2.25))
