"""Income-statement amounts damaged by OCR: confirmed, repaired or left doubtful by arithmetic.

Regression cases are named after what broke on the scanned sample HN2026-004.
"""

from extractors.facts import Candidate, DocumentFacts
from extractors.fields.statement_repair import (
    Reading,
    comparable,
    digit_streams,
    joint_cut,
    lenient_readings,
    pair_candidates,
    resolve_column,
    solve_column,
)
from pipeline.models import Evidence
from pipeline.statements import cut_stream, reconcile_statements

EV = [Evidence(file="bctc.pdf", page=1, text="10")]


def strict(value: int) -> Reading:
    return Reading(str(value), value, str(value))


def test_clean_column_is_confirmed():
    resolved = resolve_column({"01": strict(1_000_500), "02": strict(500), "10": strict(1_000_000)})
    assert resolved["10"].value == 1_000_000 and resolved["10"].confidence >= 0.9


def test_one_misread_digit_is_repaired_by_both_identities():
    # line 10 printed 2.318.745.903.211 but read with a 7 for the 1 at the end
    resolved = resolve_column({
        "01": strict(2_332_742_357_355), "02": strict(13_996_454_144),
        "10": Reading("2.318.745.903.217", None, "2318745903217"),
        "11": strict(1_749_362_201_660), "20": strict(569_383_701_551)})
    assert resolved["10"].value == 2_318_745_903_211
    assert resolved["10"].note and resolved["10"].confidence >= 0.85


def test_unconfirmable_value_stays_below_the_review_threshold():
    resolved = resolve_column({"01": Reading("9.9x9", None, "999"), "10": strict(5_000_000)})
    assert resolved["10"].confidence < 0.8


def test_glued_columns_recut_by_the_identities():
    rows = {
        "01": pair_candidates(lenient_readings(["2.332.742.357.3551.979.290.061.028"], "vi"),
                              ["2.332.742.357.3551.979.290.061.028"]),
        "02": pair_candidates([strict(13_996_454_144), strict(3_958_580_122)]),
        "10": pair_candidates(lenient_readings(["2.318.745.903.211 1.975.331.480.906"], "vi")),
        "11": pair_candidates(lenient_readings(["1.749.362.201.660|.473.160.707.164"], "vi"),
                              ["1.749.362.201.660|.473.160.707.164"]),
        "20": pair_candidates([strict(569_383_701_551), strict(502_170_773_742)]),
    }
    current = solve_column(rows, 0)
    assert current["10"].value == 2_318_745_903_211 and current["01"].value == 2_332_742_357_355


def test_bar_is_tried_as_a_one_and_as_a_separator():
    streams = {stream for stream, _ in digit_streams(["660|.473"])}
    assert streams == {"660473", "6601473"}


def test_neighbouring_statement_cuts_a_glued_row():
    # the FY2025 row printed "2.318.745.903 211|.975.331.480.906": its own arithmetic failed
    assert cut_stream("23187459032111975331480906", [1_975_331_480_906], 1) == 2_318_745_903_211
    # and the anchor may have lost its first digit in the glue
    assert cut_stream("3332742357355979290061028", [1_979_290_061_028], 1) == 3_332_742_357_355
    assert cut_stream("12345", [1_975_331_480_906], 1) is None


def test_reconcile_uses_the_other_statement_only():
    def statement(file, candidates):
        return DocumentFacts(file=file, kind="financial_statement", kind_confidence=1.0, candidates=candidates)

    fy2024 = statement("bctc2024.pdf", [Candidate(field="figures.enterprise_revenue_vnd.2024", value=1_975_331_480_906,
                                                  confidence=0.9, evidence=EV, method="statement_line_10_current")])
    fy2025 = statement("bctc2025.pdf", [
        Candidate(field="figures.enterprise_revenue_vnd.2025", value=2_318_745_903, confidence=0.45, evidence=EV,
                  method="statement_line_10_current"),
        Candidate(field="statement.stream_10.2025", value="23187459032111975331480906", confidence=0.3,
                  evidence=EV, method="statement_row_digits", note="scale=1"),
    ])
    reconcile_statements([fy2024, fy2025])
    revenue = [c for c in fy2025.candidates if c.field == "figures.enterprise_revenue_vnd.2025"]
    assert [c.value for c in revenue] == [2_318_745_903_211]
    assert revenue[0].confidence < 0.8 and revenue[0].note


def test_glued_columns_are_never_cut_into_a_3_beside_a_24_digit_number():
    """A scanned statement's 2025 revenue came out as 3 / 1 / 2: each column was solved alone, and a
    cut after the first digit ("3" | "332742357355979290061028") makes 01 − 02 = 10 hold trivially."""
    rows = {"01": pair_candidates([], ["3.332.742.357.355.979.290.061.028"]),
            "02": pair_candidates([], ["13.996.454.144|", "3.958.580.122"]),
            "10": pair_candidates([], ["2.318.745.903 211|.975.331.480.906"])}
    for pairs in rows.values():
        assert pairs and all(comparable(this_year, last_year) for this_year, last_year, _ in pairs)
    this_year = solve_column(rows, 0)
    assert all(item.value > 10**9 for item in this_year.values())


def test_a_cut_that_holds_in_both_columns_wins_over_cuts_that_hold_in_one():
    """01 − 02 = 10 must hold for this year and last year from the same cut of each row."""
    rows = {"01": pair_candidates([], ["1.500.000.000 1.200.000.000"]),
            "02": pair_candidates([], ["100.000.000 200.000.000"]),
            "10": pair_candidates([], ["1.400.000.0001.000.000.000"])}  # glued: the cut is the question
    assert joint_cut(rows) == ({"01": (1_500_000_000, 1_200_000_000), "02": (100_000_000, 200_000_000),
                               "10": (1_400_000_000, 1_000_000_000)}, joint_cut(rows)[1])
    assert solve_column(rows, 0)["10"].value == 1_400_000_000
    assert solve_column(rows, 1)["10"].value == 1_000_000_000
