"""The abbreviation legend under a table."""

from pipeline.legend import lines_after, text_to_codes


def test_legend_entries_in_printed_order():
    codes = text_to_codes("M: Male; F: Female; RS: The junction of the rectum and sigmoid colon; NA: Not available.")
    assert codes == [("M", "Male"), ("F", "Female"), ("RS", "The junction of the rectum and sigmoid colon"), ("NA", "Not available")]


def test_prose_after_a_table_is_not_a_legend():
    assert lines_after([(1, ""), (2, "The most common site is the liver.")]) == []


def test_legend_paragraph_stops_at_a_blank_line():
    lines = [(1, ""), (2, "M: Male;"), (3, "F: Female."), (4, ""), (5, "Next section")]
    assert lines_after(lines) == [(2, "M: Male;"), (3, "F: Female.")]
