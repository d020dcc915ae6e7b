"""labs.exercises.check: the references pass, planted bugs are caught with a message naming the failure,
unsolved stubs fall back to the reference, messages follow the page's language."""
import numpy as np
import pytest
import torch

from labs import attention, conv, knn, linear, mlp, rnn, transfer, understanding
from labs.exercises import EXERCISES, ExerciseFailed, check

# ---------------------------------------------------------------------------------------------
# Planted bugs: (exercise, description, buggy function, what the message must say)
# ---------------------------------------------------------------------------------------------


def dist_no_sqrt(X_test, X_train):
    return np.maximum((X_test ** 2).sum(1)[:, None] - 2 * X_test @ X_train.T + (X_train ** 2).sum(1), 0)


def dist_transposed(X_test, X_train):
    return knn.distances_no_loops(X_train, X_test)


def dist_plus_2ab(X_test, X_train):
    sq = (X_test ** 2).sum(1)[:, None] + 2 * X_test @ X_train.T + (X_train ** 2).sum(1)
    return np.sqrt(np.maximum(sq, 0))


def dist_l1(X_test, X_train):
    return np.abs(X_test[:, None, :] - X_train[None, :, :]).sum(-1)


def predict_k_ignored(dists, y_train, k=1):
    return knn.predict_labels(dists, y_train, 1)


def predict_farthest(dists, y_train, k=1):
    return knn.predict_labels(-dists, y_train, k)


def predict_tie_to_largest(dists, y_train, k=1):
    nearest = np.argsort(dists, axis=1)[:, :k]
    votes = y_train[nearest]
    counts = np.array([np.bincount(row, minlength=y_train.max() + 1) for row in votes])
    return counts.shape[1] - 1 - np.argmax(counts[:, ::-1], axis=1)


def predict_returns_index(dists, y_train, k=1):
    return np.argmin(dists, axis=1)


def _cv(X, y, ks, folds, split, include_val=False, k_fixed=None):
    X_folds, y_folds = split(X, folds), split(y, folds)
    acc = np.zeros((len(ks), folds))
    for f in range(folds):
        keep = [i for i in range(folds) if include_val or i != f]
        X_tr = np.concatenate([X_folds[i] for i in keep])
        y_tr = np.concatenate([y_folds[i] for i in keep])
        d = knn.distances_no_loops(X_folds[f], X_tr)
        for r, k in enumerate(ks):
            acc[r, f] = knn.accuracy(y_folds[f], knn.predict_labels(d, y_tr, k_fixed or k))
    return acc


def cv_val_in_training(X, y, ks, folds=5):
    return _cv(X, y, ks, folds, np.array_split, include_val=True)


def cv_transposed(X, y, ks, folds=5):
    return knn.cross_validate_k(X, y, ks, folds).T


def cv_k_ignored(X, y, ks, folds=5):
    return _cv(X, y, ks, folds, np.array_split, k_fixed=1)


def cv_strided_folds(X, y, ks, folds=5):
    return _cv(X, y, ks, folds, lambda a, n: [a[i::n] for i in range(n)])


def _svm(W, X, y, reg, *, count_correct=False, reg_grad=True, divide=True, correct_grad=True, reg_loss=True):
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    margins = np.maximum(0, scores - scores[rows, y][:, None] + 1.0)
    if not count_correct:
        margins[rows, y] = 0
    loss = margins.sum() / (N if divide else 1) + (reg * np.sum(W * W) if reg_loss else 0)
    active = (margins > 0).astype(float)
    if correct_grad:
        active[rows, y] = -active.sum(1) + (active[rows, y] if count_correct else 0)
    dW = X.T @ active / (N if divide else 1) + (2 * reg * W if reg_grad else 0)
    return loss, dW


def _softmax(W, X, y, reg, *, shift=True, reg_grad=True, minus_one=True, divide=True, reg_loss=True):
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    if shift:
        scores = scores - scores.max(1, keepdims=True)
    e = np.exp(scores)
    p = e / e.sum(1, keepdims=True)
    loss = -np.log(p[rows, y]).sum() / (N if divide else 1) + (reg * np.sum(W * W) if reg_loss else 0)
    if minus_one:
        p[rows, y] -= 1
    dW = X.T @ p / (N if divide else 1) + (2 * reg * W if reg_grad else 0)
    return loss, dW


def _sgd(W, X, y, reg, learning_rate, loss_fn=linear.softmax_loss_vectorized, *, sign=-1, after=False,
         use_reg=True, fixed_loss=None, use_lr=True):
    loss_fn = fixed_loss or loss_fn
    loss, dW = loss_fn(W, X, y, reg if use_reg else 0.0)
    W_new = W + sign * (learning_rate if use_lr else 1.0) * dW
    if after:
        loss = loss_fn(W_new, X, y, reg)[0]
    return W_new, loss


def _dropout(x, keep, rng, train=True, *, scale=True, swap=False, at_test=False, multiply=False):
    if not train and not at_test:
        return x, np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) < ((1 - keep) if swap else keep)
    if not scale:
        return x * mask, mask
    return (x * mask * keep if multiply else x * mask / keep), mask


def _two_layer(params, X, y, reg, *, relu_grad=True, sum_b1=True, reg_grad=True, bias=True):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = len(X)
    z = X @ W1 + (b1 if bias else 0)
    h = np.maximum(z, 0)
    s = h @ W2 + b2
    s = s - s.max(1, keepdims=True)
    p = np.exp(s) / np.exp(s).sum(1, keepdims=True)
    loss = -np.log(p[np.arange(N), y]).mean() + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    p[np.arange(N), y] -= 1
    p /= N
    dz = p @ W2.T
    if relu_grad:
        dz = dz * (z > 0)
    g = 2 * reg if reg_grad else 0
    return loss, {"W1": X.T @ dz + g * W1, "b1": dz.sum(0) if sum_b1 else dz, "W2": h.T @ p + g * W2,
                  "b2": p.sum(0)}


def _conv(x, w, b, stride=1, pad=0, *, use_stride=True, use_pad=True, use_bias=True, flip=False):
    s, p = (stride if use_stride else 1), (pad if use_pad else 0)
    if flip:
        w = w[:, :, ::-1, ::-1]
    out = conv.conv_forward_naive(x, w, b if use_bias else np.zeros_like(b), s, p)
    return out


def conv_stride_in_shape_only(x, w, b, stride=1, pad=0):
    """The right output size, but the windows move by one pixel whatever the stride."""
    N, _, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out, W_out = conv.conv_output_size(H, HH, pad, stride), conv.conv_output_size(W, WW, pad, stride)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", xp[:, :, i:i + HH, j:j + WW], w) + b
    return out


def im2col_rows_hwc(x, HH, WW, stride=1, pad=0):
    C = x.shape[1]
    cols = conv.im2col(x, HH, WW, stride, pad).reshape(C, HH, WW, -1)
    return cols.transpose(1, 2, 0, 3).reshape(C * HH * WW, -1)


def im2col_transposed(x, HH, WW, stride=1, pad=0):
    return conv.im2col(x, HH, WW, stride, pad).T


def im2col_no_pad(x, HH, WW, stride=1, pad=0):
    return conv.im2col(x, HH, WW, stride, 0)


def im2col_stride_ignored(x, HH, WW, stride=1, pad=0):
    H, W = x.shape[2:]
    H_out = conv.conv_output_size(H, HH, pad, stride)
    W_out = conv.conv_output_size(W, WW, pad, stride)
    full = conv.im2col(x, HH, WW, 1, pad)
    Hs, Ws = H + 2 * pad - HH + 1, W + 2 * pad - WW + 1
    full = full.reshape(-1, x.shape[0], Hs, Ws)[:, :, :H_out, :W_out]
    return full.reshape(full.shape[0], -1)


def _pool(x, size=2, stride=2, *, reduce=np.max, use_stride=True, from_zero=False):
    s = stride if use_stride else size
    N, C, H, W = x.shape
    H_out, W_out = (H - size) // s + 1, (W - size) // s + 1
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * s:i * s + size, j * s:j * s + size]
            out[:, :, i, j] = reduce(window, axis=(2, 3))
            if from_zero:
                out[:, :, i, j] = np.maximum(out[:, :, i, j], 0)
    return out


def pool_over_channels(x, size=2, stride=2):
    pooled = conv.max_pool_naive(x, size, stride)
    return np.broadcast_to(pooled.max(axis=1, keepdims=True), pooled.shape)


def _rnn_fwd(x, h_prev, Wx, Wh, b, *, act=np.tanh, use_h=True, use_b=True, transpose=False):
    return act(x @ Wx + (h_prev @ (Wh.T if transpose else Wh) if use_h else 0) + (b if use_b else 0))


def _rnn_bwd(dh_next, x, h_prev, Wx, Wh, b, *, deriv="tanh", sum_db=True, wh_t=True):
    h_next = np.tanh(x @ Wx + h_prev @ Wh + b)
    da = {"tanh": dh_next * (1 - h_next ** 2), "none": dh_next, "h_prev": dh_next * (1 - h_prev ** 2)}[deriv]
    return da @ Wx.T, da @ (Wh.T if wh_t else Wh), x.T @ da, h_prev.T @ da, da.sum(0) if sum_db else da


def _sig(a):
    return 1 / (1 + np.exp(-a))


def _lstm(x, h_prev, c_prev, Wx, Wh, b, *, order="ifgo", forget=True, tanh_c=True, g_act=np.tanh):
    a = x @ Wx + h_prev @ Wh + b
    gates = dict(zip(order, np.split(a, 4, axis=1)))
    c = (_sig(gates["f"]) * c_prev if forget else 0) + _sig(gates["i"]) * g_act(gates["g"])
    h = _sig(gates["o"]) * (np.tanh(c) if tanh_c else c)
    return h, c


def _attn(Q, K, V, mask=None, scale=True, axis=1, stable=True, use_mask=True):
    scores = Q @ K.T / (np.sqrt(K.shape[1]) if scale else 1.0)
    if mask is not None and use_mask:
        scores = np.where(mask, scores, -np.inf)
    if stable:
        scores = scores - scores.max(axis=axis, keepdims=True)
    w = np.exp(scores)
    w = w / w.sum(axis=axis, keepdims=True)
    return w @ V, w


def _attn_torch(Q, K, V, mask=None):
    import torch

    out, w = attention.scaled_dot_product_attention(*(torch.from_numpy(a) for a in (Q, K, V)),
                                                    None if mask is None else torch.from_numpy(mask))
    return out.numpy(), w.numpy()


def freeze_grads_only(model):
    for p in model.backbone.parameters():
        p.requires_grad = False
    return model


def freeze_everything(model):
    for p in model.parameters():
        p.requires_grad = False
    model.backbone.eval()
    return model


def freeze_whole_model_eval(model):
    for p in model.backbone.parameters():
        p.requires_grad = False
    model.eval()
    return model


def freeze_conv_weights_only(model):
    for m in model.backbone.modules():
        if isinstance(m, torch.nn.Conv2d):
            m.weight.requires_grad = False
    model.backbone.eval()
    return model


def freeze_returns_nothing(model):
    transfer.freeze_backbone(model)


def freeze_bn_layers_only(model):
    """Correct, written differently: only the layers whose mode matters are switched."""
    for p in model.backbone.parameters():
        p.requires_grad_(False)
    for m in model.backbone.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.eval()
    return model


def _occlusion_one_call_per_position(score_fn, image, size, stride=1, fill=0.0):
    H, W = image.shape[1:]
    base = score_fn(image[None])[0]
    rows = []
    for top in range(0, H - size + 1, stride):
        row = []
        for left in range(0, W - size + 1, stride):
            occluded = image.copy()
            occluded[:, top:top + size, left:left + size] = fill
            row.append(base - score_fn(occluded[None])[0])
        rows.append(row)
    return np.array(rows)


def _occlusion_small_patch(score_fn, image, size, stride=1, fill=0.0):
    H, W = image.shape[1:]
    rows, cols = (H - size) // stride + 1, (W - size) // stride + 1
    out = np.zeros((rows, cols))
    base = score_fn(image[None])[0]
    for i in range(rows):
        for j in range(cols):
            occluded = image.copy()
            occluded[:, i * stride:i * stride + size - 1, j * stride:j * stride + size - 1] = fill
            out[i, j] = base - score_fn(occluded[None])[0]
    return out

BUGS = [
    ("knn.distances_no_loops", "squared distances without the square root", dist_no_sqrt, "value differs"),
    ("knn.distances_no_loops", "X_train and X_test swapped (transposed result)", dist_transposed, "shape differs"),
    ("knn.distances_no_loops", "+2ab instead of −2ab", dist_plus_2ab, "value differs"),
    ("knn.distances_no_loops", "L1 instead of L2 distance", dist_l1, "value differs"),
    ("knn.predict_labels", "k ignored (always the nearest neighbor)", predict_k_ignored, "value differs"),
    ("knn.predict_labels", "the k farthest neighbors vote", predict_farthest, "value differs"),
    ("knn.predict_labels", "ties go to the largest label", predict_tie_to_largest, "value differs"),
    ("knn.predict_labels", "returns the nearest training index, not its label", predict_returns_index,
     "value differs"),
    ("knn.cross_validate_k", "validation fold left in the training set", cv_val_in_training, "value differs"),
    ("knn.cross_validate_k", "result transposed (folds, ks)", cv_transposed, "shape differs"),
    ("knn.cross_validate_k", "k ignored", cv_k_ignored, "value differs"),
    ("knn.cross_validate_k", "strided instead of consecutive folds", cv_strided_folds, "value differs"),
    ("linear.svm_loss_vectorized", "correct class counted in the margin",
     lambda W, X, y, reg: _svm(W, X, y, reg, count_correct=True), "value differs"),
    ("linear.svm_loss_vectorized", "missing 2·reg·W in the gradient",
     lambda W, X, y, reg: _svm(W, X, y, reg, reg_grad=False), "against the numerical gradient"),
    ("linear.svm_loss_vectorized", "sum instead of mean over examples",
     lambda W, X, y, reg: _svm(W, X, y, reg, divide=False), "value differs"),
    ("linear.svm_loss_vectorized", "no gradient for the correct class",
     lambda W, X, y, reg: _svm(W, X, y, reg, correct_grad=False), "gradient differs"),
    ("linear.svm_loss_vectorized", "reg·ΣW² missing from the loss",
     lambda W, X, y, reg: _svm(W, X, y, reg, reg_loss=False), "value differs"),
    ("linear.softmax_loss_vectorized", "no max shift (overflows on huge scores)",
     lambda W, X, y, reg: _softmax(W, X, y, reg, shift=False), "huge scores"),
    ("linear.softmax_loss_vectorized", "missing 2·reg·W in the gradient",
     lambda W, X, y, reg: _softmax(W, X, y, reg, reg_grad=False), "against the numerical gradient"),
    ("linear.softmax_loss_vectorized", "gradient without the −1 at the correct class",
     lambda W, X, y, reg: _softmax(W, X, y, reg, minus_one=False), "gradient differs"),
    ("linear.softmax_loss_vectorized", "sum instead of mean over examples",
     lambda W, X, y, reg: _softmax(W, X, y, reg, divide=False), "value differs"),
    ("linear.sgd_step", "gradient ascent (W + lr·dW)", lambda *a, **k: _sgd(*a, **k, sign=+1), "value differs"),
    ("linear.sgd_step", "returns the loss after the step", lambda *a, **k: _sgd(*a, **k, after=True), "value differs"),
    ("linear.sgd_step", "reg ignored", lambda *a, **k: _sgd(*a, **k, use_reg=False), "value differs"),
    ("linear.sgd_step", "loss_fn ignored (always softmax)",
     lambda *a, **k: _sgd(*a, **k, fixed_loss=linear.softmax_loss_vectorized), "value differs"),
    ("linear.sgd_step", "learning rate ignored", lambda *a, **k: _sgd(*a, **k, use_lr=False), "value differs"),
    ("mlp.dropout_forward", "no 1/keep scale", lambda *a, **k: _dropout(*a, **k, scale=False), "value differs"),
    ("mlp.dropout_forward", "keep and drop probabilities swapped", lambda *a, **k: _dropout(*a, **k, swap=True),
     "statistics are off"),
    ("mlp.dropout_forward", "dropout applied at test time too", lambda *a, **k: _dropout(*a, **k, at_test=True),
     "test time"),
    ("mlp.dropout_forward", "multiplies by keep instead of dividing",
     lambda *a, **k: _dropout(*a, **k, multiply=True), "value differs"),
    ("mlp.dropout_backward", "no 1/keep scale", lambda dout, mask, keep: dout * mask, "gradient differs"),
    ("mlp.dropout_backward", "mask ignored", lambda dout, mask, keep: dout / keep, "gradient differs"),
    ("mlp.dropout_backward", "divides by the drop probability", lambda dout, mask, keep: dout * mask / (1 - keep + 1e-3),
     "gradient differs"),
    ("mlp.he_init", "N(0, 1) weights (the lecture's tf.random_normal)",
     lambda fi, fo, rng: rng.standard_normal((fi, fo)), "standard deviation 1.0"),
    ("mlp.he_init", "uniform on [0, √(24/fan_in)): right spread, mean not 0",
     lambda fi, fo, rng: rng.random((fi, fo)) * np.sqrt(24 / fi),
     "mean "),
    ("mlp.he_init", "variance 1/fan_in (Xavier-like)",
     lambda fi, fo, rng: rng.standard_normal((fi, fo)) * np.sqrt(1 / fi), "statistics are off"),
    ("mlp.he_init", "fan_out instead of fan_in",
     lambda fi, fo, rng: rng.standard_normal((fi, fo)) * np.sqrt(2 / fo), "statistics are off"),
    ("mlp.he_init", "shape (fan_out, fan_in)",
     lambda fi, fo, rng: rng.standard_normal((fo, fi)) * np.sqrt(2 / fi), "shape differs"),
    ("mlp.he_init", "global np.random instead of rng",
     lambda fi, fo, rng: np.random.standard_normal((fi, fo)) * np.sqrt(2 / fi), "seeded alike"),
    ("mlp.two_layer_loss", "ReLU gradient not applied",
     lambda *a: _two_layer(*a, relu_grad=False), "gradient differs"),
    ("mlp.two_layer_loss", "b1 gradient not summed over the batch",
     lambda *a: _two_layer(*a, sum_b1=False), "shape differs"),
    ("mlp.two_layer_loss", "missing 2·reg·W in the gradients",
     lambda *a: _two_layer(*a, reg_grad=False), "gradient differs"),
    ("mlp.two_layer_loss", "bias b1 ignored in the forward pass",
     lambda *a: _two_layer(*a, bias=False), "value differs"),
    ("conv.conv_forward_naive", "stride ignored", lambda *a, **k: _conv(*a, **k, use_stride=False), "shape differs"),
    ("conv.conv_forward_naive", "stride only in the output size", conv_stride_in_shape_only, "value differs"),
    ("conv.conv_forward_naive", "padding ignored", lambda *a, **k: _conv(*a, **k, use_pad=False), "shape differs"),
    ("conv.conv_forward_naive", "bias ignored", lambda *a, **k: _conv(*a, **k, use_bias=False), "value differs"),
    ("conv.conv_forward_naive", "flipped kernel (true convolution)", lambda *a, **k: _conv(*a, **k, flip=True),
     "value differs"),
    ("conv.im2col", "rows ordered (di, dj, c) instead of (c, di, dj)", im2col_rows_hwc, "value differs"),
    ("conv.im2col", "transposed (one row per position)", im2col_transposed, "shape differs"),
    ("conv.im2col", "padding ignored", im2col_no_pad, "shape differs"),
    ("conv.im2col", "stride ignored", im2col_stride_ignored, "value differs"),
    ("conv.max_pool_naive", "average instead of max pooling", lambda *a, **k: _pool(*a, **k, reduce=np.mean),
     "value differs"),
    ("conv.max_pool_naive", "stride ignored (windows step by their size)",
     lambda *a, **k: _pool(*a, **k, use_stride=False), "shape differs"),
    ("conv.max_pool_naive", "maximum started at 0", lambda *a, **k: _pool(*a, **k, from_zero=True),
     "all values negative"),
    ("conv.max_pool_naive", "min instead of max", lambda *a, **k: _pool(*a, **k, reduce=np.min), "value differs"),
    ("conv.max_pool_naive", "maximum over the channels too", pool_over_channels, "value differs"),
    ("rnn.rnn_step_forward", "no tanh", lambda *a: _rnn_fwd(*a, act=lambda v: v), "value differs"),
    ("rnn.rnn_step_forward", "h_prev ignored", lambda *a: _rnn_fwd(*a, use_h=False), "value differs"),
    ("rnn.rnn_step_forward", "bias ignored", lambda *a: _rnn_fwd(*a, use_b=False), "value differs"),
    ("rnn.rnn_step_forward", "sigmoid instead of tanh", lambda *a: _rnn_fwd(*a, act=_sig), "value differs"),
    ("rnn.rnn_step_forward", "Wh transposed", lambda *a: _rnn_fwd(*a, transpose=True), "value differs"),
    ("rnn.rnn_step_backward", "tanh derivative missing", lambda *a: _rnn_bwd(*a, deriv="none"), "gradient differs"),
    ("rnn.rnn_step_backward", "tanh derivative from h_prev", lambda *a: _rnn_bwd(*a, deriv="h_prev"),
     "gradient differs"),
    ("rnn.rnn_step_backward", "db not summed over the batch", lambda *a: _rnn_bwd(*a, sum_db=False),
     "shape differs"),
    ("rnn.rnn_step_backward", "dh_prev with Wh instead of Whᵀ", lambda *a: _rnn_bwd(*a, wh_t=False),
     "gradient differs"),
    ("rnn.lstm_step_forward", "input and forget gates swapped", lambda *a: _lstm(*a, order="figo"), "value differs"),
    ("rnn.lstm_step_forward", "forget gate dropped (c_prev ignored)", lambda *a: _lstm(*a, forget=False),
     "value differs"),
    ("rnn.lstm_step_forward", "h_next without tanh(c_next)", lambda *a: _lstm(*a, tanh_c=False), "value differs"),
    ("rnn.lstm_step_forward", "sigmoid for the cell candidate g", lambda *a: _lstm(*a, g_act=_sig), "value differs"),
    ("attention.attention_numpy", "no division by √d_k", lambda *a: _attn(*a, scale=False), "value differs"),
    ("attention.attention_numpy", "softmax over the queries (axis 0)", lambda *a: _attn(*a, axis=0), "value differs"),
    ("attention.attention_numpy", "no max subtraction (overflow)", lambda *a: _attn(*a, stable=False),
     "value differs"),
    ("attention.attention_numpy", "mask ignored", lambda *a: _attn(*a, use_mask=False), "value differs"),
    ("transfer.freeze_backbone", "requires_grad only (batch norm left in training mode)", freeze_grads_only,
     "should be in evaluation mode"),
    ("transfer.freeze_backbone", "head frozen too", freeze_everything, "should be trainable"),
    ("transfer.freeze_backbone", "model.eval() on the whole model (head dropout off)", freeze_whole_model_eval,
     "head.0 (Dropout) should be in training mode"),
    ("transfer.freeze_backbone", "only the convolution weights frozen", freeze_conv_weights_only, "should be frozen"),
    ("transfer.freeze_backbone", "returns None", freeze_returns_nothing, "expected the model back"),
    ("understanding.fgsm_perturb", "no clipping to [0, 1]", lambda x, g, e: x + e * np.sign(g), "value differs"),
    ("understanding.fgsm_perturb", "the gradient instead of its sign",
     lambda x, g, e: np.clip(x + e * g, 0, 1), "value differs"),
    ("understanding.fgsm_perturb", "a step against the gradient (descent)",
     lambda x, g, e: np.clip(x - e * np.sign(g), 0, 1), "value differs"),
    ("understanding.fgsm_perturb", "returns only the perturbation",
     lambda x, g, e: e * np.sign(g), "value differs"),
    ("understanding.occlusion_map", "occluded minus clean (sign reversed)",
     lambda *a, **k: -understanding.occlusion_map(*a, **k), "value differs"),
    ("understanding.occlusion_map", "stride ignored", lambda f, x, s, stride=1, fill=0.0:
     understanding.occlusion_map(f, x, s, 1, fill), "shape differs"),
    ("understanding.occlusion_map", "patch always filled with 0", lambda f, x, s, stride=1, fill=0.0:
     understanding.occlusion_map(f, x, s, stride, 0.0), "value differs"),
    ("understanding.occlusion_map", "patch one pixel too small", _occlusion_small_patch, "value differs"),
]

# Other correct implementations must pass as well (the checker is not tied to one way of writing it).
ALTERNATIVES = [
    ("knn.distances_no_loops", knn.distances_two_loops),
    ("knn.distances_no_loops", knn.distances_one_loop),
    ("linear.svm_loss_vectorized", linear.svm_loss_naive),
    ("linear.softmax_loss_vectorized", linear.softmax_loss_naive),
    ("conv.conv_forward_naive", conv.conv_forward_im2col),
    ("mlp.he_init", lambda fi, fo, rng: rng.normal(0.0, np.sqrt(2 / fi), size=(fi, fo))),
    ("attention.attention_numpy", _attn_torch),
    ("transfer.freeze_backbone", freeze_bn_layers_only),
    ("understanding.occlusion_map", _occlusion_one_call_per_position),
]


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_reference_passes(name, capsys):
    assert check(name, EXERCISES[name].reference) is True
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith(f"{name}: OK")


@pytest.mark.parametrize("name,fn", ALTERNATIVES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ALTERNATIVES)])
def test_other_correct_implementations_pass(name, fn, capsys):
    assert check(name, fn) is True


@pytest.mark.parametrize("name,description,fn,expected", BUGS, ids=[f"{b[0]}: {b[1]}" for b in BUGS])
def test_planted_bug_is_rejected(name, description, fn, expected):
    with pytest.raises(ExerciseFailed) as info:
        check(name, fn)
    message = str(info.value)
    assert message.startswith(f"{name}: case "), message
    assert expected in message, message
    assert "Hint: " in message


def test_every_exercise_has_at_least_three_planted_bugs():
    counts = {name: sum(b[0] == name for b in BUGS) for name in EXERCISES}
    assert all(n >= 3 for n in counts.values()), counts


def test_at_least_three_exercises_per_lab():
    modules = [name.split(".")[0] for name in EXERCISES]
    assert {m: modules.count(m) for m in ("knn", "linear", "mlp", "conv", "rnn")} == \
        {m: max(3, modules.count(m)) for m in ("knn", "linear", "mlp", "conv", "rnn")}


def test_failure_message_names_the_case_shapes_and_error():
    with pytest.raises(ExerciseFailed) as info:
        check("knn.distances_no_loops", dist_no_sqrt)
    first = str(info.value).splitlines()[0]
    assert first.startswith("knn.distances_no_loops: case 1 of 4, random (X_test (5, 12), X_train (8, 12)): "
                            "value differs: output: relative error ")
    assert "> tolerance 1e-09" in first


def test_overflow_is_reported_as_not_finite():
    with pytest.raises(ExerciseFailed) as info:
        check("linear.softmax_loss_vectorized", lambda W, X, y, reg: _softmax(W, X, y, reg, shift=False))
    message = str(info.value)
    assert "case 4 of 4, huge scores" in message and "nan or inf" in message and "relative error inf" in message
    assert "Subtract each row's largest score" in message


def test_exception_in_the_student_function_is_a_failed_case():
    def broken(X_test, X_train):
        return X_test @ X_train     # shapes don't fit
    with pytest.raises(ExerciseFailed) as info:
        check("knn.distances_no_loops", broken)
    assert "raised an exception: ValueError" in str(info.value)


@pytest.mark.parametrize("name", sorted(EXERCISES))
@pytest.mark.parametrize("lang,expected", [("en", "not implemented yet: using the reference"),
                                           ("ko", "아직 구현하지 않았다: 참조 구현을 쓴다")])
def test_stub_returns_false_without_raising(name, lang, expected, capsys):
    def stub(*args, **kwargs):
        raise NotImplementedError
    assert check(name, stub, lang=lang) is False
    assert capsys.readouterr().out.strip() == f"{name}: {expected}"


def test_messages_in_korean():
    with pytest.raises(ExerciseFailed) as info:
        check("conv.max_pool_naive", lambda *a, **k: _pool(*a, **k, reduce=np.mean), lang="ko")
    message = str(info.value)
    assert message.startswith("conv.max_pool_naive: 4개 중 1번째 경우, 2×2 창, 스트라이드 2 (x (2, 3, 6, 6), size=2, "
                              "stride=2): 값이 다르다")
    assert "상대 오차" in message and "허용치" in message
    assert "힌트: 출력 값 하나는" in message


def test_success_line_in_korean(capsys):
    assert check("rnn.rnn_step_forward", rnn.rnn_step_forward, lang="ko") is True
    assert capsys.readouterr().out.startswith("rnn.rnn_step_forward: 통과, 3개 경우가 모두 참조 구현과 일치한다")


def test_unknown_exercise_and_language():
    with pytest.raises(KeyError, match="knn.distances_no_loops"):
        check("knn.distances", knn.distances_no_loops)
    with pytest.raises(ValueError, match="lang"):
        check("knn.distances_no_loops", knn.distances_no_loops, lang="fr")


def test_inputs_are_not_shared_with_the_student_function():
    """A student function that updates its inputs in place must not corrupt the reference's inputs."""
    def in_place(W, X, y, reg, learning_rate, loss_fn=linear.softmax_loss_vectorized):
        loss, dW = loss_fn(W, X, y, reg)
        W -= learning_rate * dW
        return W, loss
    assert check("linear.sgd_step", in_place) is True


def test_mlp_references_match_torch():
    import torch

    rng = np.random.default_rng(0)
    params = {"W1": rng.standard_normal((5, 7)), "b1": rng.standard_normal(7),
              "W2": rng.standard_normal((7, 3)), "b2": rng.standard_normal(3)}
    X, y, reg = rng.standard_normal((6, 5)), rng.integers(0, 3, 6), 0.1
    loss, grads = mlp.two_layer_loss(params, X, y, reg)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    scores = torch.relu(torch.tensor(X) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    t_loss = torch.nn.functional.cross_entropy(scores, torch.tensor(y)) + reg * (t["W1"].pow(2).sum()
                                                                                + t["W2"].pow(2).sum())
    t_loss.backward()
    assert abs(loss - t_loss.item()) < 1e-12
    for k in params:
        np.testing.assert_allclose(grads[k], t[k].grad.numpy(), rtol=1e-10, atol=1e-12)
    W = mlp.he_init(500, 400, np.random.default_rng(1))
    assert W.shape == (500, 400) and abs(W.std() - np.sqrt(2 / 500)) / np.sqrt(2 / 500) < 0.01
