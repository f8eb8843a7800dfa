from skabsammen.common.charts import HEIGHT, MARGIN_BOTTOM, bar_chart


def test_bars_scale_to_the_largest_value_and_missing_values_get_no_bar():
    chart = bar_chart(title="Idéer", bars=[("jan", 10), ("feb", None), ("mar", 5)])
    jan, feb, mar = chart.bars
    assert jan.height == 2 * mar.height > 0
    assert feb.height == 0 and feb.text == "–"
    assert jan.y + jan.height == HEIGHT - MARGIN_BOTTOM  # bars stand on the baseline
    assert jan.x < feb.x < mar.x


def test_percent_charts_run_from_zero_to_one_hundred():
    chart = bar_chart(title="Svar", bars=[("jan", 0.5), ("feb", 1.0)], percent=True)
    assert chart.bars[0].text == "50 %" and chart.bars[1].text == "100 %"
    assert chart.bars[1].height == 2 * chart.bars[0].height
    assert [tick.text for tick in chart.ticks] == ["0 %", "25 %", "50 %", "75 %", "100 %"]


def test_counts_get_whole_numbers_on_the_axis_and_fractions_a_danish_comma(settings):
    chart = bar_chart(title="Introduktioner", bars=[("nov", 3)])
    assert [tick.text for tick in chart.ticks] == ["0", "1", "2", "3", "4"]
    chart = bar_chart(title="Idéer", bars=[("jan", 10), ("feb", 5)])
    assert [tick.text for tick in chart.ticks] == ["0", "3", "6", "9", "12"]
    from django.utils import translation

    with translation.override("da"):
        chart = bar_chart(title="Snit", bars=[("jan", 2.5), ("feb", 1.0)])
        assert chart.bars[0].text == "2,5"
