"""history: which iterations a run records, and when it has blown up (one rule for every loop)."""

import numpy as np
import pytest

from lectures_lib import history


def test_record_points_short_runs_keep_everything_long_runs_about_200():
    assert history.record_points(5).tolist() == [0, 1, 2, 3, 4, 5]
    long = history.record_points(10**6)
    assert long[0] == 0 and long[-1] == 10**6
    assert 150 <= len(long) <= history.LOG_POINTS + 2
    assert np.all(np.diff(long) > 0)
    assert history.record_points(100, [50, 7]).tolist() == [0, 7, 50, 100]


@pytest.mark.parametrize("record", ["sometimes", [1.5], [-1], [101]])
def test_record_points_rejects_bad_choices(record):
    with pytest.raises(ValueError, match="record"):
        history.record_points(100, record)


def test_blowup_limit_scales_with_the_start_and_stays_positive():
    assert history.blowup_limit(2.0) == 2.0 * history.BLOWUP
    assert history.blowup_limit(0.0) > 0


def _geometric_run(factor, iters, record=None):
    """x <- factor * x from x = 1, loss x^2 / 2: blows up exactly when |factor| > 1."""
    rec = history.Recorder(iters, record, scale=0.5)
    x = 1.0
    with np.errstate(over="ignore"):
        for t in range(iters + 1):
            if rec.blown_up(t, 0.5 * x * x, x=x):
                break
            x = factor * x
    return rec


def test_recorder_keeps_the_chosen_iterations_of_a_stable_run():
    rec = _geometric_run(0.5, 10, record=[3])
    assert not rec.diverged
    assert rec.iters.tolist() == [0, 3, 10]
    np.testing.assert_allclose(rec.recorded("x"), [1.0, 0.125, 0.5**10])
    np.testing.assert_allclose(rec.loss, 0.5 * rec.recorded("x") ** 2)
    assert rec.last["x"] == 0.5**10


def test_recorder_stops_where_the_loss_passes_the_limit_and_keeps_the_last_finite_state():
    rec = _geometric_run(10.0, 100)
    # loss 0.5 * 100^t exceeds BLOWUP * 0.5 = 0.5e12 first at t = 7 (100^6 = 1e12 is not above)
    assert rec.diverged
    assert rec.iters.tolist() == [0, 1, 2, 3, 4, 5, 6]
    assert rec.last["x"] == pytest.approx(1e6)


def test_recorder_treats_nan_and_inf_losses_as_blown_up():
    for bad in (np.nan, np.inf):
        rec = history.Recorder(3, scale=1.0)
        assert not rec.blown_up(0, 1.0, x=0)
        assert rec.blown_up(1, bad, x=1)
        assert rec.diverged and rec.last == {"x": 0}
    rec = history.Recorder(3, scale=1.0)
    assert rec.blown_up(0, np.inf) and rec.diverged  # even as the very first loss


def test_due_answers_for_loops_that_evaluate_the_loss_only_where_recorded():
    rec = history.Recorder(10**4)
    assert rec.due(0) and rec.due(10**4)
    assert sum(rec.due(t) for t in range(10**4 + 1)) == len(rec.points)
