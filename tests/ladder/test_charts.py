from coproduce.initiatives.rungs import rung_at
from coproduce.ladder.charts import ladder_picture, movement_chart


def test_ladder_picture_puts_co_production_on_top_and_marks_rungs():
    picture = ladder_picture(current=rung_at(3), claimed=rung_at(6))
    assert [row.rung.key for row in picture.rows][:2] == ["co_production", "co_design"]
    assert [r.rung.key for r in picture.rows if r.current] == ["consultation"]
    assert [r.rung.key for r in picture.rows if r.claimed] == ["co_production"]
    assert [g.key for g in picture.groups] == ["doing_to", "doing_for", "doing_with"]


def test_movement_chart_breaks_a_line_at_a_hidden_round():
    chart = movement_chart(
        [1, 2, 3, 4], [("lived", "Lived", [rung_at(3), None, rung_at(4), rung_at(5)])]
    )
    series = chart.series[0]
    assert [p.round_number for p in series.points] == [1, 3, 4]
    assert len(series.segments) == 1  # a lone point has no line; 3 to 4 has one
    assert series.points[2].y < series.points[1].y  # higher rung, higher on the page
