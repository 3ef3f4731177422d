"""Two digit classifiers that judge the Lab's samples, both trained on the Lab's training digits only.

- `PixelJudge`: multinomial logistic regression on the 784 raw pixels (a plain pixel classifier): which digit
  a sample looks like, and how sure it is (the top-class probability).
- `FeatureNet`: a small convolutional network; the 64 numbers before its last layer are the features on
  which samples and real digits are compared (Fréchet distance, precision and recall), as Inception
  features are for photographs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional

FEATURES = 64


@dataclass
class PixelJudge:
    weights: np.ndarray  # (10, 784)
    bias: np.ndarray  # (10,)

    @classmethod
    def fit(cls, images: np.ndarray, labels: np.ndarray, seed: int = 0) -> "PixelJudge":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(max_iter=500, C=0.3, random_state=seed).fit(images.reshape(len(images), -1), labels)
        return cls(model.coef_.astype(np.float32), model.intercept_.astype(np.float32))

    def probabilities(self, images: np.ndarray) -> np.ndarray:
        logits = images.reshape(len(images), -1) @ self.weights.T + self.bias
        logits -= logits.max(1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(1, keepdims=True)


class FeatureNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 14
                                    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 7
                                    nn.Flatten(), nn.Linear(64 * 7 * 7, FEATURES), nn.ReLU())
        self.classify = nn.Linear(FEATURES, 10)

    def forward(self, images):
        return self.classify(self.layers(images))

    @torch.no_grad()
    def features(self, images: np.ndarray) -> np.ndarray:
        self.eval()
        return self.layers(torch.as_tensor(images, dtype=torch.float32).unsqueeze(1)).numpy()

    @torch.no_grad()
    def probabilities(self, images: np.ndarray) -> np.ndarray:
        self.eval()
        return torch.softmax(self(torch.as_tensor(images, dtype=torch.float32).unsqueeze(1)), 1).numpy()

    def predict(self, images: np.ndarray) -> np.ndarray:
        return self.probabilities(images).argmax(1)


def train_feature_net(images: np.ndarray, labels: np.ndarray, epochs: int = 6, seed: int = 0) -> FeatureNet:
    torch.manual_seed(seed)
    network = FeatureNet()
    optimiser = torch.optim.Adam(network.parameters(), lr=1e-3)
    x, y = torch.as_tensor(images).unsqueeze(1), torch.as_tensor(labels)
    generator = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        network.train()
        for batch in torch.randperm(len(x), generator=generator).split(64):
            loss = functional.cross_entropy(network(x[batch]), y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return network


@dataclass
class Judges:
    pixels: PixelJudge
    features: FeatureNet

    def save(self, folder: Path) -> None:
        from safetensors.torch import save_file

        folder.mkdir(parents=True, exist_ok=True)
        save_file({"weights": torch.as_tensor(np.ascontiguousarray(self.pixels.weights)),
                   "bias": torch.as_tensor(np.ascontiguousarray(self.pixels.bias))},
                  folder / "pixel_judge.safetensors")
        save_file(self.features.state_dict(), folder / "feature_net.safetensors")

    @classmethod
    def load(cls, folder: Path) -> "Judges":
        from safetensors.torch import load_file

        pixels = load_file(folder / "pixel_judge.safetensors")
        network = FeatureNet()
        network.load_state_dict(load_file(folder / "feature_net.safetensors"))
        return cls(PixelJudge(pixels["weights"].numpy(), pixels["bias"].numpy()), network.eval())

    @classmethod
    def train(cls, images: np.ndarray, labels: np.ndarray, seed: int = 0) -> "Judges":
        return cls(PixelJudge.fit(images, labels, seed), train_feature_net(images, labels, seed=seed))
