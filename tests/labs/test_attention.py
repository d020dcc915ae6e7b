"""labs.attention against PyTorch's own attention, and the small ViT's shapes."""
import pytest
import torch
from torch import nn

from labs import attention


def _qkv(seed=0, B=2, h=3, n=5, m=7, d_k=4, d_v=6):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(B, h, n, d_k, generator=g), torch.randn(B, h, m, d_k, generator=g),
            torch.randn(B, h, m, d_v, generator=g))


def test_scaled_dot_product_attention_matches_torch():
    q, k, v = _qkv()
    out, weights = attention.scaled_dot_product_attention(q, k, v)
    expected = nn.functional.scaled_dot_product_attention(q, k, v)
    torch.testing.assert_close(out, expected, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 3, 5))


def test_masks_match_torch_and_give_zero_weight():
    q, k, v = _qkv(seed=1, n=6, m=6)
    causal = torch.ones(6, 6, dtype=torch.bool).tril()
    out, weights = attention.scaled_dot_product_attention(q, k, v, causal)
    torch.testing.assert_close(out, nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True),
                               atol=1e-5, rtol=1e-5)
    assert torch.all(weights[..., ~causal] == 0)
    padding = torch.tensor([True] * 4 + [False] * 2).expand(6, 6)
    out, weights = attention.scaled_dot_product_attention(q, k, v, padding)
    torch.testing.assert_close(out, nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=padding),
                               atol=1e-5, rtol=1e-5)
    assert torch.all(weights[..., 4:] == 0)


def test_shape_errors_are_explained():
    q, k, v = _qkv()
    with pytest.raises(ValueError, match="same length d_k"):
        attention.scaled_dot_product_attention(q, k[..., :3], v)
    with pytest.raises(ValueError, match="one value per key"):
        attention.scaled_dot_product_attention(q, k, v[..., :3, :])
    with pytest.raises(ValueError, match="divisible"):
        attention.MultiHeadAttention(10, 3)


def test_multi_head_attention_matches_torch_with_copied_weights():
    torch.manual_seed(0)
    ours = attention.MultiHeadAttention(dim=12, heads=3)
    with torch.no_grad():                       # non-zero biases, so the test sees them
        ours.in_proj_bias.normal_()
        ours.out_proj.bias.normal_()
    ref = nn.MultiheadAttention(12, 3, batch_first=True)
    ref.load_state_dict(ours.state_dict())
    x, y = torch.randn(2, 5, 12), torch.randn(2, 8, 12)
    out, weights = ours(x, y, y)
    ref_out, ref_weights = ref(x, y, y, average_attn_weights=False)
    torch.testing.assert_close(out, ref_out, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(weights, ref_weights, atol=1e-5, rtol=1e-5)
    assert weights.shape == (2, 3, 5, 8)


def test_vision_transformer_shapes_and_attention_maps():
    torch.manual_seed(0)
    model = attention.VisionTransformer(image_size=28, patch=7, dim=32, depth=2, heads=4)
    x = torch.rand(3, 1, 28, 28)
    assert model.tokens(x).shape == (3, 17, 32)
    assert model(x).shape == (3, 10)
    maps = model.class_token_attention(x)
    assert maps.shape == (3, 4, 4)
    assert torch.all(maps >= 0) and torch.all(maps.sum(dim=(1, 2)) < 1)   # the rest goes to the class token
    with pytest.raises(ValueError, match="divisible"):
        attention.VisionTransformer(image_size=28, patch=8)


def _small_mnist(n_train=300, n_test=100):
    from labs.data import ImageData, load_mnist_5k

    data = load_mnist_5k()
    return ImageData(data.name, data.source, True, data.X_train[:n_train], data.y_train[:n_train],
                     data.X_test[:n_test], data.y_test[:n_test], data.classes)


def test_the_lab_compares_models_of_about_the_same_size():
    data = _small_mnist()
    from labs import train

    vit, cnn = (train.count_parameters(attention.make_model(name, data)) for name in ("ViT", "CNN"))
    assert abs(vit - cnn) / cnn < 0.1, (vit, cnn)
    with pytest.raises(ValueError, match="unknown model"):
        attention.make_model("MLP", data)


def test_train_model_learns_and_ink_share_is_a_fraction():
    data = _small_mnist()
    model, history, acc = attention.train_model("ViT", data, "cpu", seed=0, epochs=2)
    assert history.epochs == 2 and history.train_loss[-1] < history.train_loss[0]
    assert 0.1 <= acc <= 1.0
    ink, share = attention.ink_attention_share(model, data.X_test[:20], "cpu")
    assert 0 < ink < 1 and 0 < share < 1
    blank = data.X_test[:5] * 0
    assert attention.ink_attention_share(model, blank, "cpu")[0] == 0.0
