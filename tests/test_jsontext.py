"""udc's indented JSON writer gives json.dumps(indent=2, ensure_ascii=False)'s text, byte for byte."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import IntEnum, StrEnum
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from udc.views.jsontext import dumps
from udc.views.report import _default


class Kind(StrEnum):
    CELL = "cell"


class Level(IntEnum):
    ONE = 1


scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text() | st.decimals(allow_nan=False, allow_infinity=False, places=4)
           | st.fractions() | st.just(Kind.CELL) | st.just(Level.ONE))
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none() | st.just(Kind.CELL)
data = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                    | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(data)
def test_the_same_text_as_json_dumps(value):
    assert dumps(value, _default) == json.dumps(value, default=_default, indent=2, ensure_ascii=False)


def test_the_examples_json_is_unchanged(udc):
    """What the JSON views write goes through it (score, moderate, influence on an example)."""
    from support import EXAMPLES

    for args in (("score",), ("moderate",), ("influence", "--samples", "200")):
        out = udc(*args, EXAMPLES / "cyp-mental-health.yaml", "--format", "json").stdout
        assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"
