"""Figure slot markers are parsed by the application, never by the template engine."""

from actionplan.narrative import Segment, figure_labels_in, paragraphs, split_markers


def test_markers_name_their_figures_in_order_of_appearance():
    text = "dealt with [[young people]] young people and [[ adults ]] adults"
    assert figure_labels_in(text) == ["young people", "adults"]


def test_text_is_split_into_plain_runs_and_slots():
    assert split_markers("issued [[warning letters]] warning letters.") == [
        Segment(text="issued "),
        Segment(label="warning letters"),
        Segment(text=" warning letters."),
    ]


def test_template_syntax_in_narrative_is_only_text():
    text = "{{ 7|add:1 }} and {% now 'Y' %}"
    assert split_markers(text) == [Segment(text=text)]
    assert figure_labels_in(text) == []


def test_unbalanced_brackets_are_left_as_text():
    assert figure_labels_in("a [[broken marker and [single] brackets") == []


def test_empty_text_has_no_segments_or_paragraphs():
    assert split_markers("") == []
    assert paragraphs("") == []


def test_paragraphs_are_separated_by_blank_lines():
    assert paragraphs("One.\nStill one.\n\n  \nTwo.") == ["One.\nStill one.", "Two."]
