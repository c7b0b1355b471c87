"""The lab's datasets, the extras, and CSV loading with each kind of malformed file."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.config import TrainConfig
from backprop.data import dataset_points
from backprop.datasets import DATASETS, DatasetError, linear, load_csv, make_dataset, xor


@pytest.mark.parametrize("name", list(DATASETS))
def test_shapes_dtype_and_binary_labels(name):
    X, y = make_dataset(name, n=30, noise=0.1, seed=1)
    n = 21 if name == "xor" else 30
    assert X.shape == (n, 2) and y.shape == (n, 1)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert set(np.unique(y)) == {0.0, 1.0}
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name", list(DATASETS))
def test_same_seed_same_points(name):
    X1, y1 = make_dataset(name, n=40, noise=0.1, seed=5)
    X2, y2 = make_dataset(name, n=40, noise=0.1, seed=5)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)


@pytest.mark.parametrize("name", [name for name in DATASETS if name != "xor"])
def test_other_seed_other_points(name):
    assert not np.array_equal(make_dataset(name, 40, 0.1, 5)[0], make_dataset(name, 40, 0.1, 6)[0])


def test_xor_is_the_labs_21_points_in_order():
    X, y = xor()
    expected_points, expected_labels = [], []
    for i in range(11):
        expected_points.append((0.1 * i, 0.1 * i))
        expected_labels.append(0.0)
        if 0.1 * i == 0.5:
            continue
        expected_points.append((0.1 * i, 1 - 0.1 * i))
        expected_labels.append(1.0)
    assert X.tolist() == [list(p) for p in expected_points]  # exact floats, not approximately
    assert y[:, 0].tolist() == expected_labels
    assert (y == 0).sum() == 11 and (y == 1).sum() == 10
    # The lab's float expressions are kept: 0.1 * 3 is not 0.3.
    assert X[6, 0] == 0.30000000000000004 and X[6, 0] != 0.3
    assert X[:4].tolist() == [[0.0, 0.0], [0.0, 1.0], [0.1, 0.1], [0.1, 0.9]]
    assert [0.5, 0.5] in X.tolist() and [0.5, 0.5] not in X[y[:, 0] == 1].tolist()


def test_xor_ignores_n_noise_and_seed():
    X, y = xor()
    X2, y2 = make_dataset("xor", n=500, noise=0.7, seed=9)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_linear_is_uniform_in_the_unit_square_with_the_labs_rule():
    X, y = linear(n=500, seed=3)
    assert X.shape == (500, 2)
    assert (X >= 0).all() and (X <= 1).all()
    np.testing.assert_array_equal(y[:, 0], np.where(X[:, 0] > X[:, 1], 0.0, 1.0))
    assert 0.4 < y.mean() < 0.6  # both classes, about evenly


def test_linear_draws_from_its_seed_as_given():
    X, _ = linear(n=10, seed=7)
    np.testing.assert_array_equal(X, np.random.default_rng(7).uniform(0.0, 1.0, (10, 2)))


def test_a_runs_points_are_the_dataset_of_its_seed():
    config = TrainConfig(dataset="linear", n=50, seed=4)
    X, y = dataset_points(config)
    X2, y2 = make_dataset("linear", 50, config.noise, 4)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_random_datasets_do_not_touch_the_global_rng():
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    for name in DATASETS:
        make_dataset(name, 20, 0.1, 0)
    assert np.random.random() == expected


def test_circle_without_noise_puts_class_1_inside_radius_half():
    X, y = make_dataset("circle", n=200, noise=0.0, seed=0)
    radius = np.linalg.norm(X, axis=1)
    assert (radius[y[:, 0] == 1] < 0.5).all()
    assert ((radius[y[:, 0] == 0] >= 0.7) & (radius[y[:, 0] == 0] <= 1.0)).all()
    assert (y == 1).sum() == 100


def test_spiral_without_noise_stays_in_the_unit_disc():
    X, y = make_dataset("spiral", n=101, noise=0.0, seed=0)
    assert (np.linalg.norm(X, axis=1) <= 1 + 1e-12).all()
    assert (y == 0).sum() == 50 and (y == 1).sum() == 51


def test_gauss_blobs_sit_on_either_side_of_the_origin():
    X, y = make_dataset("gauss", n=400, noise=0.0, seed=0)
    assert (X[y[:, 0] == 1].mean(axis=0) > 0.3).all()
    assert (X[y[:, 0] == 0].mean(axis=0) < -0.3).all()


def test_unknown_name():
    with pytest.raises(DatasetError, match="unknown dataset 'moons'"):
        make_dataset("moons")


# CSV files


def write(tmp_path, text: str, name: str = "points.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_load_csv_reads_points_and_labels(tmp_path):
    path = write(tmp_path, "0.1,0.2,0\n0.9,0.8,1\n-1e-3,2.5,1.0\n")
    X, y = load_csv(path)
    np.testing.assert_array_equal(X, [[0.1, 0.2], [0.9, 0.8], [-1e-3, 2.5]])
    np.testing.assert_array_equal(y, [[0.0], [1.0], [1.0]])


@pytest.mark.parametrize("header", ["x1,x2,label", " X1 , x2 ,LABEL"])
def test_load_csv_skips_a_header_line(tmp_path, header):
    X, y = load_csv(write(tmp_path, f"{header}\n0,0,0\n1,1,1\n"))
    assert X.shape == (2, 2) and y[:, 0].tolist() == [0.0, 1.0]


def test_load_csv_skips_a_header_with_a_byte_order_mark(tmp_path):
    # As spreadsheet programs save "CSV UTF-8".
    path = tmp_path / "bom.csv"
    path.write_bytes("x1,x2,label\n0,0,0\n1,1,1\n".encode("utf-8-sig"))
    X, _ = load_csv(path)
    assert X.shape == (2, 2)


def test_load_csv_skips_blank_lines(tmp_path):
    X, _ = load_csv(write(tmp_path, "0,0,0\n\n1,1,1\n\n"))
    assert X.shape == (2, 2)


def test_load_csv_through_make_dataset(tmp_path):
    path = write(tmp_path, "0,0,0\n1,1,1\n")
    X, y = make_dataset(str(path))
    assert X.shape == (2, 2)


@pytest.mark.parametrize(
    "text, message",
    [
        ("0,0,0\n1,1\n", r"line 2: expected 3 columns x1,x2,label, found 2"),
        ("0,0,0,7\n1,1,1\n", r"line 1: expected 3 columns x1,x2,label, found 4"),
        ("0,0,0\n1,abc,1\n", r"line 2: non-numeric value"),
        ("0,0,0\n1,1,2\n", r"line 2: label must be 0 or 1, got 2"),
        ("0,0,0\n1,1,0.5\n", r"line 2: label must be 0 or 1, got 0.5"),
        ("0,0,0\nnan,1,1\n", r"line 2: coordinates must be finite"),
        ("0,0,0\n", r"needs at least 2 rows"),
        ("x1,x2,label\n", r"needs at least 2 rows"),
        ("0,0,0\nx1,x2,label\n1,1,1\n", r"line 2: non-numeric value"),  # a header only on line 1
        ("a,b,c\n0,0,0\n1,1,1\n", r"line 1: non-numeric value"),
    ],
)
def test_load_csv_rejects_malformed_files(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DatasetError, match=message) as error:
        load_csv(path)
    assert str(path) in str(error.value)


def test_load_csv_missing_file(tmp_path):
    with pytest.raises(DatasetError, match="no such CSV file"):
        load_csv(tmp_path / "absent.csv")
