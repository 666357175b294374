#!/usr/bin/python3
"""ONNX interoperability fixtures between PyTorch and SeqLab, both directions.

1. PyTorch → SeqLab. A PyTorch LSTM forecaster (2 layers, relative formulation, the scaling inside
   forward() so that the graph takes and returns raw values, as SeqLab's exports do) is exported with
   torch.onnx.export (opset 17, dynamic batch and sequence), given SeqLab metadata with the onnx package,
   and written with an input CSV and PyTorch's own predictions for that CSV (the last window, and every
   row with a full window before it, i.e. `seqlab predict` and `seqlab predict --rolling`).
   test/unit/onnx/interop.test.ts runs `seqlab inspect` and `seqlab predict` on it.

2. SeqLab → PyTorch. The weights of SeqLab exports (test/fixtures/onnx/exports/*.onnx, recorded with
   onnxruntime-node outputs in *.expected.json by test/unit/onnx/exports.test.ts) are loaded into
   torch.nn.LSTM / torch.nn.GRU (ONNX gate order i,o,f,c → PyTorch i,f,g,o; z,r,h → r,z,n; B = Wb ‖ Rb)
   with the scaling from the metadata, and PyTorch must reproduce SeqLab's numbers. The result (with the
   sha256 of each model file) is committed as interop/torch-reproduces-seqlab.json.

Run with Debian's python3 (torch 1.13, onnx 1.12): /usr/bin/python3 scripts/make_onnx_interop.py
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "test/fixtures/onnx")
OUT = os.path.join(FIXTURES, "interop")

WINDOW, HORIZON, HIDDEN, LAYERS = 10, 2, 12, 2
FEATURES = ["temp", "load"]
TARGETS = ["load"]
MEAN = [15.0, 58.0]
STD = [4.0, 3.0]


class Forecaster(torch.nn.Module):
    """Raw [B, T, F] → raw [B, horizon, K], relative formulation (types.ts in engine/data)."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(len(FEATURES), HIDDEN, num_layers=LAYERS, batch_first=True)
        self.head = torch.nn.Linear(HIDDEN, HORIZON * len(TARGETS))
        self.register_buffer("std", torch.tensor(STD))
        self.register_buffer("target_std", torch.tensor([STD[FEATURES.index(t)] for t in TARGETS]))
        self.target_index = [FEATURES.index(t) for t in TARGETS]

    def forward(self, x):
        last = x[:, -1:, :]
        scaled = (x - last) / self.std
        y, _ = self.lstm(scaled)
        out = self.head(y[:, -1, :]).reshape(-1, HORIZON, len(TARGETS))
        return last[:, :, self.target_index] + out * self.target_std


def series(rows):
    days = np.arange(rows)
    temp = 15 + 4 * np.sin(2 * np.pi * days / 14) + 0.05 * days
    load = 58 + 0.6 * (temp - 15) + 2 * np.cos(2 * np.pi * days / 7)
    dates = [str(np.datetime64("2021-03-01") + int(d)) for d in days]
    return dates, np.stack([temp, load], axis=1).round(3).astype(np.float32)


def seqlab_metadata():
    spec = {"cell": "lstm", "input": {"kind": "features", "size": len(FEATURES)}, "hiddenSize": HIDDEN, "layers": LAYERS,
            "dropout": 0, "outputSize": HORIZON * len(TARGETS), "headOn": "last", "forgetBias": 0}
    meta = {
        "seqlab.format": 1,
        "seqlab.task": "forecast",
        "seqlab.engine_version": f"pytorch {torch.__version__} (scripts/make_onnx_interop.py)",
        "seqlab.config_hash": "",
        "seqlab.model": spec,
        "seqlab.io": {"input": "input", "output": "output"},
        "seqlab.window": WINDOW,
        "seqlab.horizon": HORIZON,
        "seqlab.columns": [{"name": "date", "kind": "date", "role": "time (orders the rows, not an input)"},
                           {"name": "temp", "kind": "numeric", "role": "input"},
                           {"name": "load", "kind": "numeric", "role": "input, target"}],
        "seqlab.input_columns": [{"column": c, "kind": "numeric", "feature": i} for i, c in enumerate(FEATURES)],
        "seqlab.normalization": {
            "formulation": "relative", "scaling": "standard",
            "features": {"names": FEATURES, "mean": MEAN, "std": STD, "relative": [True] * len(FEATURES)},
            "targets": {"names": TARGETS, "mean": [MEAN[FEATURES.index(t)] for t in TARGETS],
                        "std": [STD[FEATURES.index(t)] for t in TARGETS], "featureIndex": [FEATURES.index(t) for t in TARGETS]},
        },
        "seqlab.time": {"column": "date", "kind": "date", "grain": "day", "spacing": {"unit": "ms", "step": 86400000},
                        "first": "2021-03-01", "last": "2021-04-09"},
    }
    return {key: json.dumps(value, separators=(",", ":")) for key, value in meta.items()}


def export_torch_model():
    torch.manual_seed(5)
    model = Forecaster().eval()
    path = os.path.join(OUT, "torch-lstm-forecast.onnx")
    example = torch.zeros(3, WINDOW, len(FEATURES))
    torch.onnx.export(model, example, path, opset_version=17, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch", 1: "seq"}, "output": {0: "batch"}}, do_constant_folding=True)
    proto = onnx.load(path)
    for key, value in seqlab_metadata().items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, path)

    dates, values = series(40)
    with open(os.path.join(OUT, "input.csv"), "w") as f:
        f.write("date,temp,load\n")
        for date, (temp, load) in zip(dates, values):
            f.write(f"{date},{temp:.3f},{load:.3f}\n")
    x = torch.from_numpy(values)
    with torch.no_grad():
        last = model(x[-WINDOW:].unsqueeze(0))[0]  # the `horizon` steps after the last window
        windows = torch.stack([x[r - WINDOW:r] for r in range(WINDOW, len(values))])
        rolling = model(windows)  # row r (1-based r+1) predicted from the window just before it
    expected = {
        "note": "PyTorch's outputs for input.csv; written by scripts/make_onnx_interop.py",
        "torch": torch.__version__,
        "default": {"date": [str(np.datetime64(dates[-1]) + h + 1) for h in range(HORIZON)], "load_pred": last[:, 0].tolist()},
        "rolling": {"row": list(range(WINDOW + 1, len(values) + 1)), "load_pred": rolling[:, 0, 0].tolist(), "load_pred_h2": rolling[:, 1, 0].tolist()},
    }
    with open(os.path.join(OUT, "torch-lstm-forecast.expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    ops = sorted({node.op_type for node in proto.graph.node})
    print(f"torch export: {path} (IR {proto.ir_version}, opset {proto.opset_import[0].version}, ops {','.join(ops)})")


ONNX_TO_TORCH = {"lstm": [0, 2, 3, 1], "gru": [1, 0, 2]}  # blocks of H rows: i,o,f,c → i,f,g,o; z,r,h → r,z,n


def reorder(blocks, order, hidden):
    return np.concatenate([blocks[k * hidden:(k + 1) * hidden] for k in order], axis=0)


def torch_from_seqlab(path):
    proto = onnx.load(path)
    meta = {p.key: json.loads(p.value) for p in proto.metadata_props}
    spec, norm = meta["seqlab.model"], meta["seqlab.normalization"]
    weights = {t.name: numpy_helper.to_array(t).copy() for t in proto.graph.initializer}
    hidden, layers, cell = spec["hiddenSize"], spec["layers"], spec["cell"]
    rnn = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(spec["input"]["size"], hidden, num_layers=layers, batch_first=True)
    gates = 4 if cell == "lstm" else 3
    for layer in range(layers):
        W, R, B = weights[f"rnn_{layer}_W"][0], weights[f"rnn_{layer}_R"][0], weights[f"rnn_{layer}_B"][0]
        order = ONNX_TO_TORCH[cell]
        with torch.no_grad():
            getattr(rnn, f"weight_ih_l{layer}").copy_(torch.from_numpy(reorder(W, order, hidden)))
            getattr(rnn, f"weight_hh_l{layer}").copy_(torch.from_numpy(reorder(R, order, hidden)))
            getattr(rnn, f"bias_ih_l{layer}").copy_(torch.from_numpy(reorder(B[:gates * hidden], order, hidden)))
            getattr(rnn, f"bias_hh_l{layer}").copy_(torch.from_numpy(reorder(B[gates * hidden:], order, hidden)))
    head = torch.nn.Linear(hidden, spec["outputSize"])
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(weights["head_weight"]))
        head.bias.copy_(torch.from_numpy(weights["head_bias"]))
    return rnn.eval(), head.eval(), meta, norm


def reproduce(name):
    path = os.path.join(FIXTURES, "exports", f"{name}.onnx")
    with open(os.path.join(FIXTURES, "exports", f"{name}.expected.json")) as f:
        recorded = json.load(f)
    rnn, head, meta, norm = torch_from_seqlab(path)
    B, T, F = recorded["dims"]
    x = torch.tensor(recorded["x"], dtype=torch.float64).reshape(B, T, F)
    feats, targets = norm["features"], norm["targets"]
    mean, std = torch.tensor(feats["mean"], dtype=torch.float64), torch.tensor(feats["std"], dtype=torch.float64)
    relative = torch.tensor(feats["relative"])
    last = x[:, -1, :]
    base = torch.where(relative, last, mean)  # per feature: the window's last row, or the mean
    scaled = ((x - base[:, None, :]) / std).float()
    with torch.no_grad():
        y, _ = rnn(scaled)
        out = head(y[:, -1, :]).double()
    horizon, K = meta["seqlab.horizon"], len(targets["names"])
    steps = out.reshape(B, horizon, K)
    target_base = last[:, targets["featureIndex"]] if norm["formulation"] == "relative" else torch.tensor(targets["mean"], dtype=torch.float64).expand(B, K)
    forecast = (target_base[:, None, :] + steps * torch.tensor(targets["std"], dtype=torch.float64)).reshape(-1).numpy()
    seqlab = np.array(recorded["forecast"])
    abs_diff = float(np.max(np.abs(forecast - seqlab)))
    rel_diff = float(np.max(np.abs(forecast - seqlab) / np.maximum(1, np.abs(seqlab))))
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return {"model": f"exports/{name}.onnx", "sha256": sha, "cell": meta["seqlab.model"]["cell"], "layers": meta["seqlab.model"]["layers"],
            "formulation": norm["formulation"], "values": int(seqlab.size), "maxAbsDiff": abs_diff, "maxRelDiff": rel_diff, "pass": rel_diff <= 1e-5}


def main():
    os.makedirs(OUT, exist_ok=True)
    export_torch_model()
    results = [reproduce(name) for name in ["forecast-lstm-relative-2l", "forecast-gru-absolute-1l"]]
    report = {"note": "PyTorch (torch.nn.LSTM/GRU loaded with a SeqLab export's weights) against SeqLab's onnxruntime-node numbers",
              "torch": torch.__version__, "onnx": onnx.__version__, "results": results}
    with open(os.path.join(OUT, "torch-reproduces-seqlab.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    for r in results:
        print(f"{'ok  ' if r['pass'] else 'FAIL'} {r['model']}: max |d| {r['maxAbsDiff']:.2e}, max |d|/max(1,|y|) {r['maxRelDiff']:.2e} over {r['values']} values")
    return 0 if all(r["pass"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
