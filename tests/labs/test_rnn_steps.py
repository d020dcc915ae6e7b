"""The NumPy RNN and LSTM steps of labs/rnn.py against torch.nn.RNNCell, torch.nn.LSTMCell and autograd."""
import numpy as np
import torch

from labs import rnn


def _rnn_cell(D=4, H=5, seed=0):
    torch.manual_seed(seed)
    cell = torch.nn.RNNCell(D, H).double()
    Wx = cell.weight_ih.detach().numpy().T.copy()
    Wh = cell.weight_hh.detach().numpy().T.copy()
    b = (cell.bias_ih + cell.bias_hh).detach().numpy()
    return cell, Wx, Wh, b


def test_rnn_step_forward_matches_rnncell():
    cell, Wx, Wh, b = _rnn_cell()
    rng = np.random.default_rng(0)
    x, h = rng.standard_normal((3, 4)), rng.standard_normal((3, 5))
    with torch.no_grad():
        expected = cell(torch.from_numpy(x), torch.from_numpy(h)).numpy()
    np.testing.assert_allclose(rnn.rnn_step_forward(x, h, Wx, Wh, b), expected, rtol=1e-12, atol=1e-12)


def test_rnn_step_backward_matches_autograd():
    rng = np.random.default_rng(1)
    arrays = [rng.standard_normal(s) for s in ((3, 4), (3, 5), (4, 5), (5, 5), (5,))]
    dh_next = rng.standard_normal((3, 5))
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    x, h, Wx, Wh, b = tensors
    torch.tanh(x @ Wx + h @ Wh + b).backward(torch.from_numpy(dh_next))
    grads = rnn.rnn_step_backward(dh_next, *arrays)
    for got, t in zip(grads, tensors):
        np.testing.assert_allclose(got, t.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_lstm_step_forward_matches_lstmcell():
    torch.manual_seed(2)
    D, H = 3, 4
    cell = torch.nn.LSTMCell(D, H).double()
    Wx = cell.weight_ih.detach().numpy().T.copy()
    Wh = cell.weight_hh.detach().numpy().T.copy()
    b = (cell.bias_ih + cell.bias_hh).detach().numpy()
    rng = np.random.default_rng(2)
    x, h, c = rng.standard_normal((2, D)), rng.standard_normal((2, H)), rng.standard_normal((2, H))
    with torch.no_grad():
        h_t, c_t = cell(torch.from_numpy(x), (torch.from_numpy(h), torch.from_numpy(c)))
    h_next, c_next = rnn.lstm_step_forward(x, h, c, Wx, Wh, b)
    np.testing.assert_allclose(h_next, h_t.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c_next, c_t.numpy(), rtol=1e-12, atol=1e-12)


def test_sigmoid_does_not_overflow():
    with np.errstate(all="raise"):
        assert rnn._sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist() == [0.0, 0.5, 1.0]
