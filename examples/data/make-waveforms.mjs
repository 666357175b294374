// Generates waveforms.csv: 600 noisy waveforms (sine, square, triangle, sawtooth) of 24–48 steps each,
// one row per step, labelled with their shape: the data of the sequence-classification example.
// Deterministic (its own seeded generator), so the committed file is exactly what this writes:
//   node examples/data/make-waveforms.mjs
// Generated data, dedicated to the public domain (CC0 1.0).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHAPES = ['sine', 'square', 'triangle', 'sawtooth'];
const SEQUENCES = 600;

/** mulberry32: a small seeded generator, so the file never depends on Math.random. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One period's shape at phase p in [0, 1). */
function wave(shape, p) {
  if (shape === 'sine') return Math.sin(2 * Math.PI * p);
  if (shape === 'square') return p < 0.5 ? 1 : -1;
  if (shape === 'triangle') return p < 0.5 ? 4 * p - 1 : 3 - 4 * p;
  return 2 * p - 1; // sawtooth
}

export function renderWaveforms() {
  const random = generator(20240516);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const lines = ['sequence,step,value,shape'];
  for (let s = 0; s < SEQUENCES; s++) {
    const shape = SHAPES[Math.floor(random() * SHAPES.length)];
    const steps = 24 + Math.floor(random() * 25);
    const period = 6 + random() * 10;
    const phase = random();
    const amplitude = 0.5 + random();
    const offset = (random() - 0.5) * 0.6;
    for (let t = 0; t < steps; t++) {
      const value = offset + amplitude * wave(shape, (phase + t / period) % 1) + 0.15 * gaussian();
      lines.push(`w${String(s).padStart(3, '0')},${t},${value.toFixed(4)},${shape}`);
    }
  }
  return lines.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'waveforms.csv'), renderWaveforms());
