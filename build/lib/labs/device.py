"""Where the device is picked: CUDA, then Apple MPS, then CPU; `LABS_DEVICE` overrides."""
from __future__ import annotations

import os

ENV_VAR = "LABS_DEVICE"


def pick_device(preferred: str | None = None):
    """Return the `torch.device` the labs run on.

    `preferred` (or the `LABS_DEVICE` environment variable) forces a device such as
    "cpu", "cuda" or "cuda:1"; otherwise the first available accelerator is used.
    """
    import torch

    choice = preferred or os.environ.get(ENV_VAR)
    if choice:
        device = torch.device(choice)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError(f"{ENV_VAR}={choice} but no CUDA GPU is available; unset {ENV_VAR} "
                               "or set it to 'cpu'")
        if device.type == "mps" and not torch.backends.mps.is_available():
            raise RuntimeError(f"{ENV_VAR}={choice} but Apple MPS is not available; use 'cpu'")
        return device
    accelerator = getattr(torch, "accelerator", None)
    if accelerator is not None:
        found = accelerator.current_accelerator(check_available=True)
        if found is not None and found.type in ("cuda", "mps"):
            return torch.device(found.type)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def describe(device) -> str:
    """One line for the page: which device ran this lab."""
    import torch

    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return device.type
