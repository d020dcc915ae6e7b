"""Tests of labs/rnn.py: encodings and shapes, what the small models learn, packing, scaling, windows."""
import numpy as np
import pytest
import torch
from torch import nn

from labs import rnn
from labs.data import load_co2_series
from labs.runtime import seed_everything


def test_vocabulary_keeps_first_appearance_order_and_round_trips():
    vocab = rnn.Vocabulary("hihello")
    assert vocab.chars == ["h", "i", "e", "l", "o"]
    assert vocab.encode("hihell") == [0, 1, 0, 2, 3, 3]
    assert vocab.decode(vocab.encode("ihello")) == "ihello"
    assert vocab.encode_batch(["hihell", "ihello"]).shape == (2, 6)
    with pytest.raises(KeyError):
        vocab.encode("hx")
    with pytest.raises(ValueError):
        vocab.encode_batch(["hi", "hello"])


def test_one_hot_has_a_single_one_per_position():
    x = rnn.one_hot([[0, 1, 4], [3, 3, 2]], 5)
    assert x.shape == (2, 3, 5) and x.dtype == torch.float32
    assert torch.equal(x.sum(-1), torch.ones(2, 3))
    assert torch.equal(x.argmax(-1), torch.tensor([[0, 1, 4], [3, 3, 2]]))
    with pytest.raises(ValueError):
        rnn.one_hot([5], 5)


def test_rnn_shapes_with_batch_first_and_the_recurrence_by_hand():
    seed_everything(0)
    vocab = rnn.Vocabulary("helo")
    x = rnn.one_hot(vocab.encode_batch(["hello", "olleh", "ohell"]), len(vocab))
    cell = nn.RNN(input_size=4, hidden_size=2, batch_first=True)
    outputs, h_n = cell(x)
    assert x.shape == (3, 5, 4) and outputs.shape == (3, 5, 2) and h_n.shape == (1, 3, 2)
    h = torch.zeros(3, 2)
    for t in range(5):
        h = torch.tanh(x[:, t] @ cell.weight_ih_l0.T + cell.bias_ih_l0 + h @ cell.weight_hh_l0.T + cell.bias_hh_l0)
    assert torch.allclose(h, h_n[0], atol=1e-6) and torch.allclose(h, outputs[:, -1], atol=1e-6)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_char_rnn_output_shapes(cell):
    vocab = rnn.Vocabulary("hihello")
    model = rnn.CharRNN(vocab, hidden=7, layers=2, cell=cell)
    ids = vocab.encode_batch(["hihell", "ihello", "hello!"[:5] + "o"])
    logits, _ = model(ids)
    assert logits.shape == (3, 6, 5)
    same, _ = model(rnn.one_hot(ids, 5))  # one-hot input gives the same scores
    assert torch.allclose(logits, same)
    assert model.predict(ids).shape == (3, 6)


def test_char_rnn_without_output_layer_needs_hidden_equal_to_vocabulary():
    vocab = rnn.Vocabulary("hihello")
    with pytest.raises(ValueError):
        rnn.CharRNN(vocab, hidden=8, output_layer=False)
    assert rnn.CharRNN(vocab, hidden=5, output_layer=False).fc is None


def test_lstm_learns_hihello_exactly():
    vocab = rnn.Vocabulary("hihello")
    seed_everything(0)
    model = rnn.CharRNN(vocab, hidden=8, layers=1, cell="lstm")
    seen = []
    history = rnn.train_chars(model, vocab.encode_batch(["hihell"]), vocab.encode_batch(["ihello"]),
                              steps=60, lr=0.02, callback=lambda r: seen.append(r["step"]))
    assert history["predictions"][-1] == ["ihello"]
    assert history["predictions"][0] != ["ihello"]         # it had to learn it
    assert history["accuracy"][-1] == 1.0
    assert history["loss"][-1] < history["loss"][0] / 10
    assert seen == list(range(1, 61)) == history["step"]


def test_sliding_windows_are_shifted_by_one():
    inputs, targets = rnn.sliding_windows("abcdef", 3)
    assert inputs == ["abc", "bcd", "cde"]
    assert targets == ["bcd", "cde", "def"]
    with pytest.raises(ValueError):
        rnn.sliding_windows("abc", 3)


def test_stacked_lstm_reproduces_a_short_sentence():
    text = "A small grey cat slept on the warm seat by the window."  # first letter unique
    vocab = rnn.Vocabulary(text)
    inputs, targets = rnn.sliding_windows(text, 10)
    seed_everything(0)
    model = rnn.CharRNN(vocab, hidden=32, layers=2, cell="lstm")
    rnn.train_chars(model, vocab.encode_batch(inputs), vocab.encode_batch(targets), steps=150, lr=0.02)
    assert rnn.reconstruct(model, text, 10) == text


def test_pack_and_last_valid_step():
    seed_everything(0)
    vocab = rnn.Vocabulary("hihello")
    words = ["hi", "hello", "hell", "oh"]
    padded, lengths, packed = rnn.pad_and_pack([rnn.one_hot(vocab.encode(w), 5) for w in words])
    assert padded.shape == (4, 5, 5) and lengths.tolist() == [2, 5, 4, 2]
    assert torch.equal(padded.sum(-1) > 0, torch.arange(5)[None, :] < lengths[:, None])
    lstm = nn.LSTM(5, 3, batch_first=True)
    packed_out, (h_n, _) = lstm(packed)
    out, out_lengths = rnn.unpack(packed_out)
    assert out.shape == (4, 5, 3) and torch.equal(out_lengths, lengths)
    last = rnn.last_valid(out, lengths)
    assert torch.allclose(h_n[0], last, atol=1e-6)           # h_n is the last VALID step, in input order
    assert torch.count_nonzero(out[0, 2:]) == 0               # padding positions stay empty
    for i, word in enumerate(words):                          # same as running each word alone
        alone, _ = lstm(rnn.one_hot(vocab.encode(word), 5)[None])
        assert torch.allclose(alone[0, -1], last[i], atol=1e-6)
    _, (h_padded, _) = lstm(padded)                           # without packing, padding is read too
    assert torch.allclose(h_padded[0, 1], last[1], atol=1e-6)  # the longest word needs no padding
    assert not torch.allclose(h_padded[0, 0], last[0], atol=1e-4)


def test_minmax_scaling_uses_training_statistics_only():
    series = np.array([2.0, 4.0, 3.0, 6.0, 10.0, -2.0])
    scaled, low, high = rnn.minmax_scale(series, n_train=4)
    assert (low, high) == (2.0, 6.0)
    assert scaled[:4].min() == 0.0 and scaled[:4].max() == 1.0
    assert scaled[4] == 2.0 and scaled[5] == -1.0              # test values may leave [0, 1]
    changed = series.copy()
    changed[4:] = [100.0, -100.0]
    assert rnn.minmax_scale(changed, n_train=4)[1:] == (low, high)
    assert np.allclose(rnn.minmax_inverse(scaled, low, high), series)


def test_window_shapes_and_chronological_split():
    X, y = rnn.make_windows(np.arange(20.0), window=7)
    assert X.shape == (13, 7, 1) and y.shape == (13,)
    assert X[0, :, 0].tolist() == list(range(7)) and y[0] == 7 and y[-1] == 19
    values, _ = load_co2_series()
    split = rnn.split_series(values, window=7, train_fraction=0.7)
    n_train = round(0.7 * len(values))
    assert split.n_train == n_train
    assert split.X_train.shape == (n_train - 7, 7, 1) and split.X_test.shape == (len(values) - n_train, 7, 1)
    assert split.test_index[0] == n_train and split.test_index[-1] == len(values) - 1
    assert split.scaled[:n_train].min() == 0 and split.scaled[:n_train].max() == 1
    assert split.scaled[n_train:].max() > 1                   # CO2 keeps rising after the training part
    assert np.allclose(split.to_ppm(split.y_test), values[n_train:])


def test_series_lstm_beats_the_last_value_baseline_on_co2():
    values, _ = load_co2_series()
    split = rnn.split_series(values, window=7)
    seed_everything(0)
    model = rnn.SeriesLSTM(hidden=32)
    history = rnn.train_series(model, split.X_train, split.y_train, epochs=40, lr=5e-3, batch_size=32,
                               progress=False)
    assert len(history["train"]) == len(history["validation"]) == 40
    truth = values[split.test_index]
    lstm_rmse = rnn.rmse(split.to_ppm(rnn.predict_series(model, split.X_test)), truth)
    naive_rmse = rnn.rmse(rnn.last_value_baseline(split), truth)
    assert 0.50 < naive_rmse < 0.55                         # ppm; measured 0.522
    assert lstm_rmse < 0.97 * naive_rmse                    # measured about 0.48 ppm


# --- the Korean character model (konlpy's copy of the Constitution) -----------------------------

@pytest.fixture(scope="module")
def constitution():
    text, source = rnn.load_constitution()
    return text, source


def test_the_constitution_is_read_from_the_package_without_java(constitution):
    import sys

    text, source = constitution
    assert text.startswith("대한민국헌법") and 18_000 < len(text) < 20_000
    assert "constitution.txt" in source
    assert "jpype" not in sys.modules and "konlpy.tag" not in sys.modules, "konlpy's Java side stays untouched"


def test_character_inventory_counts_hangul_separately(constitution):
    counts = rnn.character_inventory("가나 ab, 가!")
    assert counts == {"characters": 9, "distinct": 7, "hangul": 2, "latin": 2, "other": 3}
    inventory = rnn.character_inventory(constitution[0])
    assert 300 < inventory["hangul"] < 400 and inventory["hangul"] + inventory["latin"] + inventory["other"] == \
        inventory["distinct"]
    assert rnn.HANGUL_SYLLABLES == ord("힣") - ord("가") + 1


def test_random_windows_are_shifted_by_one():
    ids = torch.arange(100)
    x, y = rnn.random_windows(ids, seq_len=8, batch_size=5, generator=torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (5, 8)
    assert torch.equal(y, x + 1) and int(y.max()) < 100


def test_unigram_loss_is_the_cross_entropy_of_smoothed_frequencies():
    train_ids = torch.tensor([0, 0, 0, 1])
    expected = -np.log(np.array([4 / 7, 2 / 7, 1 / 7]))        # add-one counts 4, 2, 1
    assert rnn.unigram_loss(train_ids, torch.tensor([0, 1, 2]), 3) == pytest.approx(expected.mean())


def test_char_lstm_learns_the_constitution_beyond_character_frequencies(constitution):
    text, _ = constitution
    vocab = rnn.Vocabulary(text)
    ids = torch.tensor(vocab.encode(text))
    cut = int(0.9 * len(ids))
    seed_everything(0)
    model = rnn.CharLSTM(len(vocab), embed=32, hidden=64)
    history = rnn.train_char_lm(model, ids[:cut], ids[cut:], steps=120, seq_len=32, batch_size=16,
                                lr=5e-3, eval_every=40, progress=False)
    assert history["val_step"] == [0, 40, 80, 120] and len(history["loss"]) == 120
    assert history["val_loss"][0] == pytest.approx(np.log(len(vocab)), abs=0.1)   # untrained: about uniform
    unigram = rnn.unigram_loss(ids[:cut], ids[cut:], len(vocab))
    # measured with seed 0: 3.4 nats after 120 steps; the unigram baseline is 4.40
    assert history["val_loss"][-1] < unigram - 0.5
    sample = rnn.sample_text(model, vocab, "대한민국은 ", 30, temperature=0.7, seed=1)
    assert sample.startswith("대한민국은 ") and len(sample) == 36
    assert sample == rnn.sample_text(model, vocab, "대한민국은 ", 30, temperature=0.7, seed=1)
    assert sum(rnn.is_hangul_syllable(c) for c in sample[6:]) >= 10, sample
    with pytest.raises(ValueError):
        rnn.sample_text(model, vocab, "대한", 5, temperature=0)


def test_sampling_temperature_sharpens_or_flattens():
    class Fixed(nn.Module):   # always the same scores, whatever the input
        vocab_size = 3

        def forward(self, ids, state=None):
            scores = torch.tensor([2.0, 1.0, 0.0]).expand(*ids.shape, 3)
            return scores, state

    vocab = rnn.Vocabulary("abc")
    model = Fixed()
    model.dummy = nn.Parameter(torch.zeros(1))
    cold = rnn.sample_text(model, vocab, "a", 400, temperature=0.2, seed=0)[1:]
    hot = rnn.sample_text(model, vocab, "a", 400, temperature=5.0, seed=0)[1:]
    assert cold.count("a") > 380                    # p(a) = 0.993 at T = 0.2
    assert 100 < hot.count("c") < 170               # p(c) = 0.30 at T = 5
