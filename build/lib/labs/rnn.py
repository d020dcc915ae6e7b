"""Recurrent networks for the RNN lab (book/*/labs/rnn.md): characters in, characters out, and a time series.

* `Vocabulary`, `one_hot`: characters <-> integer ids <-> one-hot vectors.
* `CharRNN`: a character model (one-hot input -> `nn.RNN`/`nn.LSTM`/`nn.GRU` -> linear layer whose
  softmax gives the next character), `train_chars` (full-batch Adam on the cross-entropy, recording
  the predicted strings as it goes), `sliding_windows` and `reconstruct` for a sentence-long text.
* `pad_and_pack`, `last_valid`: sequences of different lengths in one batch.
* `SeriesLSTM`, `minmax_scale`, `make_windows`, `split_series`, `train_series`: a many-to-one LSTM
  that predicts the next value of a time series from the previous `window` values.

Everything is small enough to train on a CPU in seconds; `labs.runtime.pick` chooses longer
budgets in full mode.
"""
from __future__ import annotations

import math
import sys
import warnings
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

from . import runtime
from .train import cpu_threads

LABELS = {
    "step": {"en": "training step", "ko": "훈련 스텝"},
    "epoch": {"en": "epoch", "ko": "에포크"},
    "loss": {"en": "cross-entropy loss", "ko": "교차 엔트로피 손실"},
    "rmse_ppm": {"en": "RMSE (ppm)", "ko": "RMSE (ppm)"},
    "train": {"en": "training", "ko": "훈련"},
    "validation": {"en": "validation", "ko": "검증"},
    "rnn": {"en": "vanilla RNN", "ko": "바닐라 RNN"},
    "lstm": {"en": "LSTM", "ko": "LSTM"},
    "gru": {"en": "GRU", "ko": "GRU"},
    "rnn_1": {"en": "1-layer RNN, no output layer", "ko": "1층 RNN, 출력층 없음"},
    "lstm_2": {"en": "2-layer LSTM + fully connected layer", "ko": "2층 LSTM + 완전 연결 층"},
    "floor": {"en": "lowest loss possible without an output layer", "ko": "출력층 없이 도달할 수 있는 최저 손실"},
    "hihello_title": {"en": '"hihello": loss while learning to predict the next character',
                      "ko": '"hihello": 다음 문자를 맞히도록 훈련하는 동안의 손실'},
    "sentence_title": {"en": "Sentence model: loss on all windows of length 10",
                       "ko": "문장 모델: 길이 10인 모든 윈도에 대한 손실"},
    "series_title": {"en": "Next-week CO2 on the test part (last 30%)",
                     "ko": "테스트 구간(마지막 30%)의 다음 주 CO2"},
    "series_loss_title": {"en": "Many-to-one LSTM: RMSE per epoch", "ko": "다대일 LSTM: 에포크별 RMSE"},
    "time": {"en": "year", "ko": "연도"},
    "ppm": {"en": "CO2 (ppm)", "ko": "CO2 (ppm)"},
    "truth": {"en": "measured", "ko": "측정값"},
    "prediction": {"en": "LSTM prediction", "ko": "LSTM 예측"},
    "naive": {"en": "last value (baseline)", "ko": "직전 값 (기준 모델)"},
    "plain": {"en": "plain LSTM (raw scaled window)", "ko": "단순 LSTM (스케일된 윈도를 그대로 입력)"},
    "residual": {"en": "error, 1-year average (ppm)", "ko": "오차의 1년 이동 평균 (ppm)"},
}

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

# The models here are tiny and step through time one small matrix product after another: extra
# CPU threads only add synchronisation (on a busy 2-core machine, 2 threads were 10x slower than 1).
TRAIN_THREADS = 1


def _progress(iterable, *, desc: str, show: bool | None = None):
    """`tqdm.auto` progress over `iterable`; shown by default only in full mode (long runs)."""
    if show is None:
        show = runtime.is_full()
    if not show:
        return iterable
    with warnings.catch_warnings():  # no "IProgress not found" warning where ipywidgets is absent
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm
    return tqdm(iterable, desc=desc, file=sys.stdout, leave=False)


# ---------------------------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------------------------
class Vocabulary:
    """The characters of a text, numbered in order of first appearance ("hihello" -> h i e l o)."""

    def __init__(self, text: str):
        if not text:
            raise ValueError("a vocabulary needs at least one character")
        self.chars = list(dict.fromkeys(text))
        self.index = {ch: i for i, ch in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def __repr__(self) -> str:
        return f"Vocabulary({''.join(self.chars)!r})"

    def encode(self, text: str) -> list[int]:
        try:
            return [self.index[ch] for ch in text]
        except KeyError as exc:
            raise KeyError(f"character {exc.args[0]!r} is not in the vocabulary {self.chars}") from None

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)

    def encode_batch(self, texts) -> torch.Tensor:
        """Equal-length strings -> a LongTensor of ids, shape (batch, length)."""
        lengths = {len(t) for t in texts}
        if len(lengths) != 1:
            raise ValueError(f"encode_batch needs strings of one length, got lengths {sorted(lengths)}; "
                             "use pad_and_pack for sequences of different lengths")
        return torch.tensor([self.encode(t) for t in texts], dtype=torch.long)


def one_hot(ids, num_classes: int) -> torch.Tensor:
    """Integer ids of any shape (...) -> float one-hot vectors of shape (..., num_classes)."""
    ids = torch.as_tensor(ids, dtype=torch.long)
    if ids.numel() and (int(ids.min()) < 0 or int(ids.max()) >= num_classes):
        raise ValueError(f"ids must lie in [0, {num_classes}), got {int(ids.min())}..{int(ids.max())}")
    return nn.functional.one_hot(ids, num_classes).float()


class CharRNN(nn.Module):
    """One-hot characters -> recurrent layers -> linear layer giving next-character scores (logits).

    `cell` is "rnn" (tanh), "lstm" or "gru"; `layers` stacks cells (the outputs of one layer are the
    inputs of the next). The softmax over the scores is applied by the cross-entropy loss.
    With `output_layer=False` there is no linear layer: the hidden size must equal the vocabulary
    size and the hidden state itself is used as the scores (the single-cell set-up of the course
    slides, which has trouble with longer texts).
    """

    def __init__(self, vocab, hidden: int, layers: int = 1, cell: str = "rnn", output_layer: bool = True):
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, not {cell!r}")
        self.vocab = vocab if isinstance(vocab, Vocabulary) else None
        self.vocab_size = len(vocab) if isinstance(vocab, Vocabulary) else int(vocab)
        if not output_layer and hidden != self.vocab_size:
            raise ValueError(f"without an output layer the hidden size must be the vocabulary size "
                             f"({self.vocab_size}), not {hidden}")
        self.cell = cell
        self.rnn = CELLS[cell](self.vocab_size, hidden, num_layers=layers, batch_first=True)
        self.fc = nn.Linear(hidden, self.vocab_size) if output_layer else None

    def forward(self, x: torch.Tensor, state=None):
        """`x`: ids (batch, time) or one-hot (batch, time, vocab). Returns (logits, final state)."""
        if x.dtype == torch.long:
            x = one_hot(x, self.vocab_size)
        out, state = self.rnn(x, state)
        logits = self.fc(out) if self.fc is not None else out
        return logits, state

    @torch.no_grad()
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        """The most likely next character id at every position, shape (batch, time)."""
        logits, _ = self(x)
        return logits.argmax(dim=-1)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def train_chars(model: CharRNN, inputs: torch.Tensor, targets: torch.Tensor, steps: int = 200,
                lr: float = 0.1, device=None, callback=None, record_every: int = 1,
                progress: bool | None = None) -> dict:
    """Full-batch Adam on the character cross-entropy.

    `inputs`, `targets`: id tensors of shape (batch, time) (targets are the inputs shifted by one).
    Every `record_every` steps (and at the last step) the history gets the step, the loss, the
    accuracy over all positions and the predicted strings (decoded when the model has a vocabulary);
    `callback(record)` is called with that record, e.g. to print it. A progress bar is shown when
    `progress` is true (default: in full mode only). Returns the history as a dict of lists: step,
    loss, accuracy, predictions.
    """
    device = device or torch.device("cpu")
    model.to(device)
    inputs, targets = inputs.to(device), targets.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    history = {"step": [], "loss": [], "accuracy": [], "predictions": []}
    steps_iter = _progress(range(1, steps + 1), desc=f"{model.cell} steps", show=progress)
    model.train()
    with cpu_threads(TRAIN_THREADS):
        for step in steps_iter:
            logits, _ = model(inputs)
            loss = loss_fn(logits.reshape(-1, model.vocab_size), targets.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step % record_every and step != steps:
                continue
            predicted = logits.detach().argmax(dim=-1)
            record = {
                "step": step,
                "loss": float(loss.detach()),
                "accuracy": float((predicted == targets).float().mean()),
                "predictions": [model.vocab.decode(row) if model.vocab else row.tolist()
                                for row in predicted.cpu()],
            }
            for key, value in record.items():
                history[key].append(value)
            if callback is not None:
                callback(record)
    model.eval()
    return history


def sliding_windows(text: str, seq_len: int) -> tuple[list[str], list[str]]:
    """All windows `text[i:i+seq_len]` and their targets `text[i+1:i+seq_len+1]` (shifted by one)."""
    if not 1 <= seq_len < len(text):
        raise ValueError(f"seq_len must be between 1 and len(text) - 1 = {len(text) - 1}, not {seq_len}")
    starts = range(len(text) - seq_len)
    return [text[i:i + seq_len] for i in starts], [text[i + 1:i + seq_len + 1] for i in starts]


@torch.no_grad()
def reconstruct(model: CharRNN, text: str, seq_len: int, device=None) -> str:
    """Rebuild `text` from the model's predictions on its sliding windows.

    The first character is given; the predictions on the first window supply the next `seq_len`
    characters and every later window adds the prediction at its last position.
    """
    device = device or next(model.parameters()).device
    inputs, _ = sliding_windows(text, seq_len)
    predicted = model.predict(model.vocab.encode_batch(inputs).to(device)).cpu()
    ids = [model.vocab.index[text[0]]] + predicted[0].tolist() + predicted[1:, -1].tolist()
    return model.vocab.decode(ids)


def char_accuracy(a: str, b: str) -> float:
    """Fraction of positions where two equally long strings agree."""
    if len(a) != len(b):
        raise ValueError(f"strings of different lengths: {len(a)} and {len(b)}")
    return sum(x == y for x, y in zip(a, b)) / len(a)


# ---------------------------------------------------------------------------------------------
# Sequences of different lengths
# ---------------------------------------------------------------------------------------------
def pad_and_pack(sequences, padding_value: float = 0.0):
    """A list of tensors (length_i, features...) -> (padded, lengths, packed).

    `padded` has shape (batch, max_length, features...) (batch first), `lengths` is a CPU
    LongTensor, and `packed` is a `PackedSequence` that recurrent layers read without ever
    touching the padding (`enforce_sorted=False`: any order of lengths is fine).
    """
    if not sequences:
        raise ValueError("pad_and_pack needs at least one sequence")
    lengths = torch.tensor([len(s) for s in sequences], dtype=torch.long)
    if int(lengths.min()) < 1:
        raise ValueError("every sequence needs at least one step")
    padded = pad_sequence(list(sequences), batch_first=True, padding_value=padding_value)
    packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
    return padded, lengths, packed


def unpack(packed, total_length: int | None = None):
    """PackedSequence -> (padded outputs (batch, time, features), lengths)."""
    return pad_packed_sequence(packed, batch_first=True, total_length=total_length)


def last_valid(outputs: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """The output at the last real (non-padding) step of each sequence: (batch, time, f) -> (batch, f)."""
    index = (torch.as_tensor(lengths, device=outputs.device) - 1).view(-1, 1, 1)
    return outputs.gather(1, index.expand(-1, 1, outputs.size(-1))).squeeze(1)


# ---------------------------------------------------------------------------------------------
# Time series
# ---------------------------------------------------------------------------------------------
def minmax_scale(series: np.ndarray, n_train: int) -> tuple[np.ndarray, float, float]:
    """Scale to [0, 1] with the minimum and maximum of the first `n_train` values only.

    Later (test) values can fall outside [0, 1]: their statistics must not leak into training.
    Returns (scaled, low, high); undo with `minmax_inverse`.
    """
    series = np.asarray(series, dtype=np.float64)
    if not 1 <= n_train <= len(series):
        raise ValueError(f"n_train must be between 1 and {len(series)}, not {n_train}")
    low, high = float(series[:n_train].min()), float(series[:n_train].max())
    span = high - low if high > low else 1.0
    return (series - low) / span, low, high


def minmax_inverse(scaled, low: float, high: float) -> np.ndarray:
    span = high - low if high > low else 1.0
    return np.asarray(scaled, dtype=np.float64) * span + low


def make_windows(series: np.ndarray, window: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Inputs X[i] = series[i:i+window] (shape (N, window, 1)) and targets y[i] = series[i+window]."""
    series = np.asarray(series, dtype=np.float32)
    if not 1 <= window < len(series):
        raise ValueError(f"window must be between 1 and {len(series) - 1}, not {window}")
    n = len(series) - window
    X = np.lib.stride_tricks.sliding_window_view(series, window)[:n].copy()
    return X[:, :, None], series[window:].copy()


@dataclass
class SeriesSplit:
    """A series cut chronologically into training and test parts, scaled and windowed."""
    values: np.ndarray          # the original series
    scaled: np.ndarray          # min-max scaled with training statistics
    low: float
    high: float
    n_train: int                # values[:n_train] is the training part
    window: int
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    test_index: np.ndarray = field(repr=False)   # positions in `values` of the test targets

    def to_ppm(self, scaled) -> np.ndarray:
        return minmax_inverse(scaled, self.low, self.high)


def split_series(values: np.ndarray, window: int = 7, train_fraction: float = 0.7) -> SeriesSplit:
    """Chronological split: scale with the first `train_fraction` of the values, then window.

    A window belongs to the training set when its target lies in the training part, so no test
    value is ever a training target (test windows may look back into the training part).
    """
    values = np.asarray(values, dtype=np.float64)
    n_train = round(train_fraction * len(values))
    scaled, low, high = minmax_scale(values, n_train)
    X, y = make_windows(scaled, window)
    target_index = np.arange(window, len(values))
    is_train = target_index < n_train
    return SeriesSplit(values, scaled, low, high, n_train, window,
                       X[is_train], y[is_train], X[~is_train], y[~is_train], target_index[~is_train])


class SeriesLSTM(nn.Module):
    """Many-to-one LSTM: a window (batch, window, features) -> one number per window.

    Only the output at the last time step feeds the linear layer. With `relative=True` (default)
    the LSTM sees the window minus its last value (of feature 0) and predicts the change from that
    value, so the prediction is the last value plus the network's output. The network then never
    depends on the level of the series, which matters when test values leave the range seen in
    training (a rising series scaled with training statistics). `relative=False` feeds the raw
    window and predicts the next value directly.
    """

    def __init__(self, input_size: int = 1, hidden: int = 16, layers: int = 1, relative: bool = True):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden, num_layers=layers, batch_first=True)
        self.fc = nn.Linear(hidden, 1)
        self.relative = relative

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        last = x[:, -1, 0]
        if self.relative:
            x = x - x[:, -1:, :]
        out, _ = self.lstm(x)                   # (batch, window, hidden)
        y = self.fc(out[:, -1, :]).squeeze(-1)  # many-to-one: only the last step
        return y + last if self.relative else y


def train_series(model: nn.Module, X_train, y_train, *, epochs: int = 30, lr: float = 1e-2,
                 batch_size: int = 64, validation_fraction: float = 0.15, device=None,
                 seed: int = 0, progress: bool | None = None) -> dict:
    """Adam on the mean squared error with shuffled mini-batches.

    The last `validation_fraction` of the training windows (the most recent ones) are held out and
    only evaluated, once per epoch. A progress bar is shown when `progress` is true (default: in
    full mode only). Returns {"epoch", "train", "validation"} (per-epoch MSE).
    """
    device = device or torch.device("cpu")
    X = torch.as_tensor(np.asarray(X_train), dtype=torch.float32)
    y = torch.as_tensor(np.asarray(y_train), dtype=torch.float32)
    n_val = round(validation_fraction * len(X))
    n_fit = len(X) - n_val
    X_fit, y_fit = X[:n_fit].to(device), y[:n_fit].to(device)
    X_val, y_val = X[n_fit:].to(device), y[n_fit:].to(device)
    model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    history = {"epoch": [], "train": [], "validation": []}
    epochs_iter = _progress(range(1, epochs + 1), desc="epochs", show=progress)
    with cpu_threads(TRAIN_THREADS):
        for epoch in epochs_iter:
            model.train()
            order = torch.randperm(n_fit, generator=generator).to(device)
            total = 0.0
            for start in range(0, n_fit, batch_size):
                idx = order[start:start + batch_size]
                loss = nn.functional.mse_loss(model(X_fit[idx]), y_fit[idx])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += float(loss.detach()) * len(idx)
            history["epoch"].append(epoch)
            history["train"].append(total / n_fit)
            history["validation"].append(mse(model, X_val, y_val) if n_val else math.nan)
    model.eval()
    return history


@torch.no_grad()
def predict_series(model: nn.Module, X, device=None, batch_size: int = 1024) -> np.ndarray:
    device = device or next(model.parameters()).device
    model.eval()
    X = torch.as_tensor(np.asarray(X), dtype=torch.float32)
    parts = [model(X[i:i + batch_size].to(device)).cpu() for i in range(0, len(X), batch_size)]
    return torch.cat(parts).numpy().astype(np.float64)


def mse(model: nn.Module, X, y) -> float:
    y = np.asarray(y.cpu() if isinstance(y, torch.Tensor) else y, dtype=np.float64)
    return float(np.mean((predict_series(model, X) - y) ** 2))


def rmse(a, b) -> float:
    return float(np.sqrt(np.mean((np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)) ** 2)))


def last_value_baseline(split: SeriesSplit) -> np.ndarray:
    """The naive forecast for every test target: the value one step earlier (in the original units)."""
    return split.values[split.test_index - 1]


# The statsmodels `co2` series starts on Saturday 1958-03-29 (day 88 of the year) and is weekly.
CO2_START_YEAR = 1958 + 87 / 365.25


def weekly_years(n: int, start: float = CO2_START_YEAR) -> np.ndarray:
    """Decimal years of `n` weekly samples starting at `start`, for plot axes."""
    return start + np.arange(n) * 7 / 365.25
