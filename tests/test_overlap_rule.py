"""The rule that finds colliding chart boxes (browser_kit/overlap.py), without a browser."""

from browser_kit.overlap import Item, collisions


def text(name, x, y, w=40, h=14, chip=False):
    return Item("text", name, x, y, w, h, chip)


def test_two_overlapping_texts_are_named():
    assert collisions([text("Canada", 0, 0), text("United States", 10, 5)]) == [
        "text 'Canada' overlaps text 'United States'"
    ]


def test_texts_one_line_apart_or_touching_by_half_a_pixel_do_not_collide():
    assert collisions([text("a", 0, 0), text("b", 0, 13.6), text("c", 0, 40)]) == []
    assert collisions([text("a", 0, 0), text("b", 0, 13)]) == ["text 'a' overlaps text 'b'"]  # touching letters


def test_a_text_over_a_marker_collides_but_markers_over_markers_do_not():
    marker = Item("mark", "Funding #3", 36, 4, 11, 11)
    other = Item("mark", "Funding #4", 45, 4, 11, 11)  # over the first, clear of the text
    assert collisions([text("Res. 2814", 0, 0), marker, other]) == [
        "text 'Res. 2814' overlaps mark 'Funding #3'",
    ]


def test_a_line_through_a_text_collides_unless_it_runs_along_its_edge_or_under_a_chip():
    line = Item("line", "line #1", 20, 0, 0, 300)
    assert collisions([text("MSS", 0, 10), line]) == ["text 'MSS' overlaps line 'line #1'"]
    assert collisions([text("GSF", 20, 10), line]) == []  # the line along its left edge
    assert collisions([text("Diplomatic", 0, 10, chip=True), line]) == []


def test_a_marker_cut_by_its_plot_area_is_named():
    area = Item("area", "plot area", 0, 0, 100, 100)
    whole, cut = Item("mark", "UN #0", 50, 50, 11, 11), Item("mark", "UN #9", 92, 50, 11, 11)
    assert collisions([area, whole, cut]) == ["mark 'UN #9' is cut by the edge of its plot area"]
