"""Visible examples for the kmeans kata: run them with `kata test` (plain pytest).

They show the contract on small inputs with the expected values written out. Passing them is a
start, not a grade: `kata grade` runs the hidden grader, which checks much more.
"""

import numpy as np
import pytest

from kmeans import KMeans

# Five points on a line and two starting centres: 0 and 1 go to the centre at 0; 3, 9 and 10 to
# the centre at 4 (3 is one unit from it).
X = np.array([[0.0], [1.0], [3.0], [9.0], [10.0]])
INIT = np.array([[0.0], [4.0]])


def test_one_iteration_labels_belong_to_the_moved_centres():
    model = KMeans(n_clusters=2, init=INIT, max_iter=1)
    assert model.fit(X) is model
    # The centres move to the means 0.5 = (0 + 1) / 2 and 7.333... = (3 + 9 + 10) / 3 ...
    np.testing.assert_allclose(model.cluster_centers_, [[0.5], [22 / 3]], rtol=1e-12)
    # ... and then 3 is nearer 0.5 than 7.33: labels_ are those of the final centres.
    np.testing.assert_array_equal(model.labels_, [0, 0, 0, 1, 1])
    expected_inertia = 0.5**2 + 0.5**2 + 2.5**2 + (9 - 22 / 3) ** 2 + (10 - 22 / 3) ** 2
    assert model.inertia_ == pytest.approx(expected_inertia, rel=1e-12)  # 16.6389
    assert model.n_iter_ == 1


def test_converged_clustering_and_predict():
    model = KMeans(n_clusters=2, init=INIT, tol=0.0).fit(X)
    np.testing.assert_allclose(model.cluster_centers_, [[4 / 3], [9.5]], rtol=1e-12)
    np.testing.assert_array_equal(model.labels_, [0, 0, 0, 1, 1])
    assert model.inertia_ == pytest.approx(42 / 9 + 0.5, rel=1e-12)  # 5.1667
    assert 1 <= model.n_iter_ <= 300
    np.testing.assert_array_equal(model.predict(np.array([[2.0], [8.0]])), [0, 1])
    np.testing.assert_array_equal(KMeans(n_clusters=2, init=INIT, tol=0.0).fit_predict(X),
                                  [0, 0, 0, 1, 1])


def test_kmeans_plus_plus_finds_three_separated_blobs():
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [20.0, 0.0], [0.0, 20.0]])
    X_blobs = np.repeat(centres, 10, axis=0) + rng.normal(scale=0.5, size=(30, 2))
    model = KMeans(n_clusters=3, random_state=0).fit(X_blobs)
    # The cluster numbers are arbitrary: each blob must be one cluster, whatever its number.
    for blob in range(3):
        assert len(set(model.labels_[blob * 10 : (blob + 1) * 10])) == 1
    assert len(set(model.labels_)) == 3
    # The same random_state gives the same result.
    again = KMeans(n_clusters=3, random_state=0).fit(X_blobs)
    np.testing.assert_allclose(again.cluster_centers_, model.cluster_centers_)


def test_empty_cluster_gets_a_new_centre():
    # The centre at 100 is nearest to no point: it must not end up as NaN, nor stay empty.
    model = KMeans(n_clusters=2, init=np.array([[1.0], [100.0]]), tol=0.0).fit(X)
    assert not np.isnan(model.cluster_centers_).any()
    assert sorted(set(model.labels_.tolist())) == [0, 1]


def test_invalid_input_raises_value_error():
    with pytest.raises(ValueError):
        KMeans(n_clusters=0).fit(X)
    with pytest.raises(ValueError):
        KMeans(n_clusters=6).fit(X)  # more clusters than points
    with pytest.raises(ValueError):
        KMeans(n_clusters=2).fit(np.array([0.0, 1.0, 2.0]))  # X must be 2-D
    with pytest.raises(ValueError):
        KMeans(n_clusters=2, init=np.zeros((3, 1))).fit(X)  # init must have shape (2, 1)
