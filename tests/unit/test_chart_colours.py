from core.chart_colours import DARK_PAGE, DARK_PANEL, LIGHT_BACKGROUND, LINE, contrast


def test_chart_lines_and_dots_stand_out_in_the_light_and_the_dark_theme():
    """The accent #4f46e5 drew thin lines at 2.3:1 on the dark theme's panels (WCAG asks 3:1 of a line)."""
    assert contrast("#4f46e5", DARK_PANEL) < 3  # why LINE is not the accent
    for background in (LIGHT_BACKGROUND, DARK_PANEL, DARK_PAGE):
        assert contrast(LINE, background) >= 3, background
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0 and contrast((1, 1, 1), "#ffffff") == 1.0


def test_the_line_charts_draw_their_lines_in_the_line_colour():
    from core.quests.figure import STEP_COLOUR
    from core.text.figures import perplexity_figure

    assert perplexity_figure([{"step": 0, "perplexity": 90.0}, {"step": 10, "perplexity": 60.0}]).data[0].line.color == LINE
    assert STEP_COLOUR == LINE
