"""Validation rules of a procedure version (pure, no database)."""

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.spec import StepSpec, route_hours, validate

from .conftest import make_spec, route


def paths(spec, **kw):
    return {issue.path for issue in validate(spec, **kw)}


def test_a_complete_spec_is_valid():
    assert validate(make_spec()) == []


@given(st.from_regex(r"\A\d\.\d{6}\Z"))
def test_national_code_format_accepted(code):
    assert ("code",) not in paths(make_spec(code=code))


@given(st.text(max_size=12).filter(lambda s: not __import__("re").match(r"^\d\.\d{6}$", s)))
def test_anything_else_is_rejected_as_code(code):
    assert ("code",) in paths(make_spec(code=code))


def test_quotas_must_fit_within_the_applicable_time():
    # 3 working days = 24 h; a route of 30 h does not fit, 24 h does.
    assert ("routes", 0, "steps") in paths(make_spec(routes=(route(30),)))
    assert paths(make_spec(routes=(route(24),))) == set()
    # the local reduced time is the one that applies: 2 days = 16 h < 24 h
    assert ("routes", 0, "steps") in paths(make_spec(reduced_value=Decimal(2), reduced_unit="working_days"))
    assert paths(make_spec(reduced_value=Decimal(2), reduced_unit="working_days", routes=(route(16),))) == set()


def test_parallel_steps_count_their_longest_step():
    base = route(24)
    a = StepSpec("Song song A", "inter_agency", "processing", "fixed_agency", Decimal(5), agency="X", parallel_group=1)
    b = StepSpec("Song song B", "inter_agency", "processing", "fixed_agency", Decimal(3), agency="Y", parallel_group=1)
    steps = (*base.steps[:2], a, b, *base.steps[2:])
    parallel = dataclasses.replace(base, steps=steps)
    assert route_hours(parallel) == route_hours(base) + 5
    sequential = dataclasses.replace(
        base,
        steps=(*base.steps[:2], dataclasses.replace(a, parallel_group=None), dataclasses.replace(b, parallel_group=None), *base.steps[2:]),
    )
    assert route_hours(sequential) == route_hours(base) + 8


def test_route_must_start_with_reception_and_end_with_return():
    r = route()
    no_reception = dataclasses.replace(r, steps=r.steps[1:])
    no_return = dataclasses.replace(r, steps=r.steps[:-1])
    assert ("routes", 0, "steps", 0, "kind") in paths(make_spec(routes=(no_reception,)))
    assert ("routes", 0, "steps", len(r.steps) - 2, "kind") in paths(make_spec(routes=(no_return,)))
    middle = dataclasses.replace(r, steps=(r.steps[0], r.steps[-1], r.steps[1], r.steps[-1]))
    assert ("routes", 0, "steps", 1, "kind") in paths(make_spec(routes=(middle,)))


def test_route_needs_exactly_one_default_and_known_agencies():
    assert ("routes",) in paths(make_spec(routes=()))
    assert ("routes",) in paths(make_spec(routes=(route(), route())))
    specific = dataclasses.replace(route(), receiving_agency="000.99.99.H99")
    assert ("routes", 1, "receiving_agency") in paths(make_spec(routes=(route(), specific)), known_agencies={"000.01.01.H01"})


def test_fixed_agency_steps_need_an_agency_and_inter_agency_steps_a_fixed_one():
    r = route()
    bad = StepSpec("Liên thông", "inter_agency", "processing", "competent_agency", Decimal(1))
    spec = make_spec(routes=(dataclasses.replace(r, steps=(*r.steps[:2], bad, *r.steps[2:])),))
    assert ("routes", 0, "steps", 2, "performer") in paths(spec)
    missing = StepSpec("Liên thông", "inter_agency", "processing", "fixed_agency", Decimal(1))
    spec = make_spec(routes=(dataclasses.replace(r, steps=(*r.steps[:2], missing, *r.steps[2:])),))
    assert ("routes", 0, "steps", 2, "agency") in paths(spec)


def test_times_units_and_same_day_cutoff():
    assert ("statutory_value",) in paths(make_spec(statutory_value=Decimal("2.3")))  # halves only
    assert ("statutory_unit",) in paths(make_spec(statutory_unit="weeks"))
    assert ("reduced_value",) in paths(make_spec(reduced_value=Decimal(5), reduced_unit="working_days"))  # longer than 3
    assert ("reduced_value",) in paths(make_spec(reduced_value=Decimal(2)))  # no unit
    assert ("same_day_cutoff",) in paths(make_spec(same_day_cutoff=dt.time(15)))
    same_day = make_spec(statutory_value=Decimal(0), statutory_unit="same_day", same_day_cutoff=dt.time(15), routes=(route(8),))
    assert validate(same_day) == []


def test_components_fees_results():
    from motcua.catalog.spec import ComponentSpec, FeeSpec

    assert ("components", 0, "originals") in paths(make_spec(components=(ComponentSpec("Trống"),)))
    assert ("components", 0, "condition") in paths(
        make_spec(components=(ComponentSpec("Có điều kiện", originals=1, requirement="conditional"),))
    )
    assert ("fees", 0, "amount") in paths(make_spec(fees=(FeeSpec("Âm", -1),)))
    assert ("results",) in paths(make_spec(results=()))
