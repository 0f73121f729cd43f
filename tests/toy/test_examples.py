import numpy as np
from toy import row_norms


def test_three_four_five():
    assert np.allclose(row_norms(np.array([[3.0, 4.0]])), [5.0])
