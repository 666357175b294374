// Reference fused cell steps: one time step of the gate nonlinearities and state update of an LSTM or
// GRU layer, as one call over the step's rows (the WebAssembly backend runs them as one SIMD pass).
// These are the loops of engine/layers/lstm.ts and gru.ts, moved here so a backend can replace them;
// they also run in float64.
//
// Buffers are the layers' own, whole (t selects the step; time-major rows, as in LstmActs/GruActs):
//   gates, dGates, inputGates, hiddenGates, dInputGates, dHiddenGates  [T, B, G]
//   cells, hiddens [T+1, B, H] (index t holds c_{t−1}/h_{t−1});  tanhCells, dY [T, B, H];  dHidden, dCell [B, H]
// G = 4H for the LSTM (gate order i | o | f | c) and 3H for the GRU (z | r | h).
import { sigmoid } from './activations';
import type { Floats } from '../tensor';

/** gates row t: pre-activations in, activations out; writes c_t, tanh(c_t), h_t. */
export function lstmForwardStep(gates: Floats, cells: Floats, tanhCells: Floats, hiddens: Floats, t: number, B: number, H: number): void {
  const G = 4 * H;
  const gateRow = t * B * G;
  const stateRow = t * B * H; // c_{t−1}, h_{t−1}
  const nextRow = stateRow + B * H; // c_t, h_t
  for (let b = 0; b < B; b++) {
    const a = gateRow + b * G;
    const s = b * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(gates[a + j]);
      const o = sigmoid(gates[a + H + j]);
      const f = sigmoid(gates[a + 2 * H + j]);
      const g = Math.tanh(gates[a + 3 * H + j]);
      gates[a + j] = i;
      gates[a + H + j] = o;
      gates[a + 2 * H + j] = f;
      gates[a + 3 * H + j] = g;
      const c = f * cells[stateRow + s + j] + i * g;
      const tc = Math.tanh(c);
      cells[nextRow + s + j] = c;
      tanhCells[stateRow + s + j] = tc;
      hiddens[nextRow + s + j] = o * tc;
    }
  }
}

/**
 * Writes dGates row t (pre-activation gradients) from dh_t = dY_t + dHidden and dc_t = dCell + …;
 * leaves dc_{t−1} in dCell. dHidden is read, not written (the caller adds da_t·R into it next).
 */
export function lstmBackwardStep(
  dGates: Floats, gates: Floats, cells: Floats, tanhCells: Floats, dY: Floats, dHidden: Floats, dCell: Floats,
  t: number, B: number, H: number,
): void {
  const G = 4 * H;
  const gateRow = t * B * G;
  const stateRow = t * B * H;
  for (let b = 0; b < B; b++) {
    const a = gateRow + b * G;
    const s = b * H;
    for (let j = 0; j < H; j++) {
      const i = gates[a + j];
      const o = gates[a + H + j];
      const f = gates[a + 2 * H + j];
      const g = gates[a + 3 * H + j];
      const tc = tanhCells[stateRow + s + j];
      const dh = dY[stateRow + s + j] + dHidden[s + j];
      const dc = dCell[s + j] + dh * o * (1 - tc * tc);
      dGates[a + j] = dc * g * i * (1 - i);
      dGates[a + H + j] = dh * tc * o * (1 - o);
      dGates[a + 2 * H + j] = dc * cells[stateRow + s + j] * f * (1 - f);
      dGates[a + 3 * H + j] = dc * i * (1 - g * g);
      dCell[s + j] = dc * f;
    }
  }
}

/** inputGates row t: xa in, activated z, r, n out (hiddenGates row t holds ha = h_{t−1}·Rᵀ + Rb); writes h_t. */
export function gruForwardStep(inputGates: Floats, hiddenGates: Floats, hiddens: Floats, t: number, B: number, H: number): void {
  const G = 3 * H;
  const gateRow = t * B * G;
  const stateRow = t * B * H;
  const nextRow = stateRow + B * H;
  for (let b = 0; b < B; b++) {
    const a = gateRow + b * G;
    const s = b * H;
    for (let j = 0; j < H; j++) {
      const z = sigmoid(inputGates[a + j] + hiddenGates[a + j]);
      const r = sigmoid(inputGates[a + H + j] + hiddenGates[a + H + j]);
      const n = Math.tanh(inputGates[a + 2 * H + j] + r * hiddenGates[a + 2 * H + j]);
      inputGates[a + j] = z;
      inputGates[a + H + j] = r;
      inputGates[a + 2 * H + j] = n;
      hiddens[nextRow + s + j] = (1 - z) * n + z * hiddens[stateRow + s + j];
    }
  }
}

/**
 * Writes d(xa) and d(ha) rows t from dh_t = dY_t + dHidden, and overwrites dHidden with the direct
 * path dh_t ⊙ z (the caller then adds d(ha)_t·R into it).
 */
export function gruBackwardStep(
  dInputGates: Floats, dHiddenGates: Floats, dHidden: Floats, inputGates: Floats, hiddenGates: Floats, hiddens: Floats, dY: Floats,
  t: number, B: number, H: number,
): void {
  const G = 3 * H;
  const gateRow = t * B * G;
  const stateRow = t * B * H;
  for (let b = 0; b < B; b++) {
    const a = gateRow + b * G;
    const s = b * H;
    for (let j = 0; j < H; j++) {
      const z = inputGates[a + j];
      const r = inputGates[a + H + j];
      const n = inputGates[a + 2 * H + j];
      const hPrev = hiddens[stateRow + s + j];
      const dh = dY[stateRow + s + j] + dHidden[s + j];
      const dan = dh * (1 - z) * (1 - n * n);
      const daz = dh * (hPrev - n) * z * (1 - z);
      const dar = dan * hiddenGates[a + 2 * H + j] * r * (1 - r);
      dInputGates[a + j] = daz;
      dInputGates[a + H + j] = dar;
      dInputGates[a + 2 * H + j] = dan;
      dHiddenGates[a + j] = daz;
      dHiddenGates[a + H + j] = dar;
      dHiddenGates[a + 2 * H + j] = dan * r;
      dHidden[s + j] = dh * z;
    }
  }
}
