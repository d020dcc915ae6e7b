"""Tests of labs/train.py: loaders, the training loop, evaluation, summaries and plots."""
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch
from torch import nn

from labs import data, train
from labs.i18n import labels
from labs.plotting import use_korean_font
from labs.runtime import seed_everything

CPU = torch.device("cpu")


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


def linear_model(d):
    return nn.Sequential(nn.Flatten(), nn.Linear(int(np.prod(d.image_shape)), len(d.classes)))


def test_array_loader_covers_every_example_once_per_epoch():
    X = np.arange(10, dtype=np.float32)[:, None]
    y = np.arange(10)
    loader = train.ArrayLoader(X, y, batch_size=4, shuffle=True, seed=3)
    assert len(loader) == 3 and loader.num_examples == 10
    first = torch.cat([yb for _, yb in loader]).tolist()
    second = torch.cat([yb for _, yb in loader]).tolist()
    assert sorted(first) == sorted(second) == list(range(10))
    assert first != second, "a shuffling loader must draw a new order every epoch"
    again = train.ArrayLoader(X, y, batch_size=4, shuffle=True, seed=3)
    assert torch.cat([yb for _, yb in again]).tolist() == first, "same seed, same order"
    plain = train.ArrayLoader(X, y, batch_size=4)
    assert torch.cat([yb for _, yb in plain]).tolist() == list(range(10))
    assert len(train.ArrayLoader(X, y, batch_size=4, drop_last=True)) == 2
    with pytest.raises(ValueError):
        train.ArrayLoader(X, y[:5], batch_size=4)


def test_make_loaders_splits_training_data_stratified(digits):
    loaders = train.make_loaders(digits, val_fraction=0.2, batch_size=32, seed=0)
    n = len(digits.X_train)
    assert loaders.train.num_examples + loaders.val.num_examples == n
    assert abs(loaders.val.num_examples - 0.2 * n) <= 1
    assert loaders.test.num_examples == len(digits.X_test)
    val_x, val_y = (torch.cat(parts) for parts in zip(*loaders.val))
    train_x = torch.cat([xb for xb, _ in loaders.train])
    assert len(val_x) == loaders.val.num_examples and len(train_x) == loaders.train.num_examples
    counts = np.bincount(val_y.numpy(), minlength=10)
    assert counts.min() >= 0.15 * n / 10, "every class is represented in the validation split"
    # no example is in both parts: compare image sums as fingerprints of the multiset
    together = np.sort(np.concatenate([train_x.numpy().reshape(-1, 64).sum(1), val_x.numpy().reshape(-1, 64).sum(1)]))
    np.testing.assert_allclose(together, np.sort(digits.X_train.reshape(-1, 64).sum(1)))
    # both loaders index the one training array instead of copying it (CIFAR-10 is 0.6 GB)
    assert loaders.train.X.data_ptr() == loaders.val.X.data_ptr() == torch.as_tensor(digits.X_train).data_ptr()
    no_val = train.make_loaders(digits, val_fraction=0.0, batch_size=32)
    assert no_val.val is None and no_val.train.num_examples == n
    with pytest.raises(ValueError):
        train.make_loaders(digits, val_fraction=1.0)


def test_fit_learns_and_records_history(digits):
    seed_everything(0)
    loaders = train.make_loaders(digits, val_fraction=0.1, batch_size=64, seed=0)
    model = linear_model(digits)
    before = train.evaluate(model, loaders.val, CPU)
    history = train.fit(model, loaders.train, loaders.val, epochs=4, device=CPU, progress=False,
                        optimizer=torch.optim.Adam(model.parameters(), lr=0.05))
    assert history.epochs == 4
    for series in (history.train_loss, history.train_acc, history.val_loss, history.val_acc, history.seconds):
        assert len(series) == 4
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.val_acc[-1] > 0.85 > before[1]
    assert history.total_seconds == pytest.approx(sum(history.seconds))
    assert history.val_loss[-1] == pytest.approx(train.evaluate(model, loaders.val, CPU)[0])
    assert len(history.table().splitlines()) == 5


def test_fit_is_reproducible_with_a_seed(digits):
    runs = []
    for _ in range(2):
        seed_everything(1)
        loaders = train.make_loaders(digits, val_fraction=0.1, batch_size=64, seed=1)
        model = linear_model(digits)
        h = train.fit(model, loaders.train, None, epochs=2, device=CPU, progress=False,
                      optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
        runs.append(h.train_loss)
        assert h.val_loss == [] and h.val_acc == []
    assert runs[0] == runs[1]


def test_fit_augments_training_batches_only_and_steps_the_scheduler(digits):
    loaders = train.make_loaders(digits, val_fraction=0.1, batch_size=128, seed=0)
    seen = []

    def augment(x):
        seen.append(len(x))
        return x

    model = linear_model(digits)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    train.fit(model, loaders.train, loaders.val, epochs=2, optimizer=opt, device=CPU, progress=False,
              augment=augment, scheduler=sched)
    assert sum(seen) == 2 * loaders.train.num_examples
    assert opt.param_groups[0]["lr"] == pytest.approx(0.025)


def test_evaluate_uses_eval_mode_and_restores_the_mode(digits):
    loaders = train.make_loaders(digits, val_fraction=0.1, batch_size=64, seed=0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10))
    model.train()
    first = train.evaluate(model, loaders.val, CPU)
    second = train.evaluate(model, loaders.val, CPU)
    assert first == second, "dropout must be off during evaluation"
    assert model.training, "evaluate restores the previous mode"
    preds = train.predict(model, digits.X_test, CPU)
    assert preds.shape == (len(digits.X_test),) and preds.dtype == np.int64 and model.training


def test_count_parameters_and_summary():
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(4 * 4 * 4, 10))
    assert train.count_parameters(nn.Linear(3, 4)) == 16
    expected = 4 * (9 + 1) + 64 * 10 + 10
    assert train.count_parameters(model) == expected
    model[0].weight.requires_grad_(False)
    assert train.count_parameters(model) == expected - 36
    assert train.count_parameters(model, trainable_only=False) == expected
    text = train.summary(model, (1, 8, 8))
    assert "(4, 8, 8)" in text and "(4, 4, 4)" in text and "(64,)" in text and "(10,)" in text
    assert "Conv2d" in text and "650" in text
    assert f"total parameters: {expected:,}" in text and f"trainable: {expected - 36:,}" in text


def test_plot_history_has_both_panels_with_translated_labels(digits):
    use_korean_font()
    history = train.History([1.0, 0.5], [0.5, 0.8], [1.1, 0.7], [0.4, 0.7], [0.1, 0.1])
    fig = train.plot_history(history, labels(train.LABELS, "ko"))
    loss_ax, acc_ax = fig.axes
    assert loss_ax.get_xlabel() == "에포크" and acc_ax.get_ylabel() == "정확도"
    assert [t.get_text() for t in loss_ax.get_legend().get_texts()] == ["훈련", "검증"]
    assert len(loss_ax.lines) == len(acc_ax.lines) == 2
    matplotlib.pyplot.close(fig)


def test_notebook_progress_line_updates_one_output(monkeypatch):
    import IPython.display

    calls = []

    class Handle:
        def update(self, obj):
            calls.append(("update", obj.data))

    def fake_display(obj, display_id=False):
        calls.append(("display", obj.data))
        return Handle()

    monkeypatch.setattr(IPython.display, "display", fake_display)
    line = train._NotebookLine()
    line.write("\repoch 1/2:   0%|")
    line.write("\r          \r")  # a bar clearing itself: ignored
    line.write("\repoch 1/2: 100%|")
    assert calls == [("display", "epoch 1/2:   0%|"), ("update", "epoch 1/2: 100%|")]


def test_cpu_threads_is_restored_and_fast_mode_fit_uses_one_thread(digits, monkeypatch):
    before = torch.get_num_threads()
    with train.cpu_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    with train.cpu_threads(None):
        assert torch.get_num_threads() == before

    seen = []

    def augment(x):
        seen.append(torch.get_num_threads())
        return x

    monkeypatch.setenv("LABS_MODE", "fast")
    loaders = train.make_loaders(digits, val_fraction=0.1, batch_size=512, seed=0)
    model = linear_model(digits)
    train.fit(model, loaders.train, None, epochs=1, optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
              device="cpu", progress=False, augment=augment)
    assert set(seen) == {1} and torch.get_num_threads() == before


def test_fit_prints_each_epoch_with_its_time_in_full_mode(digits, monkeypatch, capsys):
    loaders = train.make_loaders(digits, val_fraction=0.1, batch_size=256, seed=0)
    model = linear_model(digits)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    monkeypatch.setenv("LABS_MODE", "fast")
    train.fit(model, loaders.train, loaders.val, epochs=1, device=CPU, progress=False, optimizer=optimizer)
    assert capsys.readouterr().out == "", "fast mode prints nothing per epoch by default"
    monkeypatch.setenv("LABS_MODE", "full")
    history = train.fit(model, loaders.train, loaders.val, epochs=2, device=CPU, progress=False,
                        optimizer=optimizer)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["epoch 1/2", "epoch 2/2"]
    for line, seconds in zip(lines, history.seconds):
        assert "val_acc" in line and line.endswith(f"s {seconds:.1f}")
