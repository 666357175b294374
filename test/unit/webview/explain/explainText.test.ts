import { describe, expect, it } from 'vitest';
import type { Attribution, ExplainReport, StateBlock } from '../../../../engine/types';
import { diagnosticsHeadline, hasEnded, timelineSpans } from '../../../../webview/explain/diagnosticsModel';
import { attributionCaption, orderNote, percent, reportStatus, saturationNote, targetCaption } from '../../../../webview/explain/explainText';
import { gradNormHistory } from '../../../../webview/explain/gradNorms';
import type { EpochEvent } from '../../../../engine/types';

const forecastTarget: Attribution['target'] = {
  task: 'forecast', name: 'adjusted CO2', horizonStep: 1, units: 'original', prediction: 390.9822, truth: 390.71, naive: 390.88, baselinePrediction: 391.1064, time: '2010-12-01',
};

function attribution(target: Attribution['target']): Attribution {
  const grid = { rows: 1, steps: 1, data: [0] };
  return {
    target, baseline: 'every feature at its training mean (zero once scaled)', features: ['x'], gradientTimesInput: grid, integratedGradients: grid,
    integrationSteps: 32, completeness: { sum: -0.1242, difference: -0.12421, error: 1e-5 }, perFeature: [],
  };
}

describe('the Explain view’s words', () => {
  it('says what was explained, with the forecast, truth and naive in the target’s units', () => {
    const report = { attribution: attribution(forecastTarget) } as ExplainReport;
    expect(targetCaption(report)).toBe('Forecast of adjusted CO2 for 2010-12-01 (1 step ahead): 391 (truth 390.7, naive 390.9; from the baseline input 391.1).');
    const classify = { attribution: attribution({ task: 'classify', className: 'rain', classIndex: 1, probability: 0.62, truthClass: 'sun', baselineProbability: 0.3 }) } as ExplainReport;
    expect(targetCaption(classify)).toBe('Predicted class rain with probability 62 % (true class: sun; 30 % from the baseline input).');
    const text = { attribution: attribution({ task: 'text', token: 'g', logProbability: Math.log(0.21), baselineLogProbability: Math.log(0.012), predicted: 'g', predictedProbability: 0.21 }) } as ExplainReport;
    expect(targetCaption(text)).toBe('Next character "g": probability 21 % (1 % from the baseline input); the model\'s likeliest is "g" at 21 %.');
  });

  it('says what the attribution is of, in which units, and how complete integrated gradients are', () => {
    const caption = attributionCaption(attribution(forecastTarget), 'integratedGradients');
    expect(caption).toMatch(/^Integrated gradients \(32 steps\) of the forecast of adjusted CO2, in its units/);
    expect(caption).toMatch(/add up to -0\.1242, against -0\.1242 between this input and the baseline\.$/);
    expect(attributionCaption(attribution(forecastTarget), 'gradientTimesInput')).not.toMatch(/add up/);
  });

  it('says how units are ordered, and when the cell state has no saturation to order by', () => {
    const blocks = [{ key: 'forget', label: 'forget gate f' }, { key: 'cell', label: 'cell state c' }] as const;
    expect(orderNote({ sort: 'index', scope: 'each' }, 'index', blocks)).toBe('');
    expect(orderNote({ sort: 'variance', scope: 'each' }, 'variance', blocks)).toBe('units by variance');
    expect(orderNote({ sort: 'saturation', scope: 'each' }, 'variance', blocks)).toBe('units by variance (this map has no saturation)');
    expect(orderNote({ sort: 'saturation', scope: 'forget' }, 'saturation', blocks)).toBe("units by the forget gate f's saturation");
    expect(orderNote({ sort: 'saturation', scope: 'cell' }, 'variance', blocks)).toBe("units by the cell state c's variance (it has no saturation)");
  });

  it('gate saturation, and the status line', () => {
    const gate = { range: 'sigmoid', saturation: { low: 0.004, high: 0.36 } } as StateBlock;
    expect(saturationNote(gate)).toBe('0.4 % below 0.05, 36 % above 0.95');
    expect(saturationNote({ range: 'tanh', saturation: { low: 0, high: 0.5 } } as StateBlock)).toBe('0 % below −0.95, 50 % above 0.95');
    expect(saturationNote({ range: 'unbounded', saturation: null } as StateBlock)).toBe('unbounded');
    expect([percent(0), percent(0.0004), percent(1), percent(Number.NaN)]).toEqual(['0 %', '0.04 %', '100 %', '–']);
    const report = {
      run: { cell: 'lstm', layers: 1, hiddenSize: 64, bestEpoch: 4, epochs: 5 }, split: 'validation', index: 87,
      windowLabels: Array.from({ length: 88 }, (_, i) => `w${i}`), input: { steps: 24 },
    } as unknown as ExplainReport;
    expect(reportStatus(report, 0.734, false)).toBe('LSTM 1×64, best epoch 4 of 5: validation window 88 of 88 (w87), 24 steps. Computed in 0.7 s.');
    expect(reportStatus(report, 0, true)).toMatch(/From this panel’s cache\.$/);
  });
});

describe('gradient norms per epoch, from the epoch events', () => {
  const epoch = (n: number, norms: number[][] | null): EpochEvent => ({
    type: 'epoch', epoch: n, step: n * 10, trainLoss: 1, seconds: 1, lr: 0.01, best: false,
    ...(norms ? { gateGradNorms: { gates: ['update', 'reset', 'candidate'], norms } } : {}),
  } as EpochEvent);

  it('one series per layer and gate, the last event of a repeated (resumed) epoch counting, nothing for a log axis where a norm is 0', () => {
    const history = gradNormHistory([
      epoch(1, [[1, 2, 3], [0.1, 0.2, 0.3]]), epoch(2, [[9, 9, 9], [9, 9, 9]]), epoch(2, [[0.5, 0, 1.5], [0.05, 0.1, 0.15]]), epoch(3, null),
    ]);
    expect(history?.epochs).toEqual([1, 2]);
    expect(history?.series.map((s) => `${s.layer}:${s.gate}`)).toEqual(['0:update', '0:reset', '0:candidate', '1:update', '1:reset', '1:candidate']);
    expect(history?.series[0].values).toEqual([1, 0.5]);
    expect(history?.series[1].values).toEqual([2, null]);
    expect(history?.series[5].values).toEqual([0.3, 0.15]);
  });

  it('none when the run’s events carry none (runs from before they were recorded)', () => {
    expect(gradNormHistory([epoch(1, null)])).toBeNull();
    expect(gradNormHistory([])).toBeNull();
  });
});

describe('diagnostics, as the panel shows them', () => {
  it('asks only about runs that have ended', () => {
    expect(['completed', 'early-stopped', 'stopped', 'diverged', 'failed'].every((state) => hasEnded({ state } as never))).toBe(true);
    expect(['running', 'queued', 'interrupted', 'running-elsewhere'].some((state) => hasEnded({ state } as never))).toBe(false);
    expect(hasEnded(null)).toBe(false);
  });

  it('sums up what was found', () => {
    const d = (id: string, title: string, status: 'raised' | 'clear' | 'not-applicable') => ({ id, title, status }) as never;
    expect(diagnosticsHeadline([d('lag-trap', 'Lag trap', 'raised'), d('underfit', 'Underfit', 'raised'), d('collapse', 'Collapse', 'clear')]))
      .toBe('2 problems found: Lag trap; Underfit.');
    expect(diagnosticsHeadline([d('collapse', 'Collapse', 'clear'), d('lag-trap', 'Lag trap', 'not-applicable')])).toBe('No problem found in 1 checks.');
  });

  it('draws the splits in proportion to their rows, a small one still visible', () => {
    const spans = timelineSpans({
      kind: 'timeline', title: 't', axis: 'Date', spans: [
        { split: 'train', from: '1958-03', to: '2001-08', rows: 9_800, windows: 9_700 },
        { split: 'validation', from: '2001-09', to: '2010-12', rows: 150, windows: 100 },
        { split: 'test', from: null, to: null, rows: 50, windows: 30 },
      ],
    });
    expect(spans.reduce((sum, span) => sum + span.width, 0)).toBeCloseTo(100, 10);
    expect(spans[1].width).toBeGreaterThan(3.5);
    expect(spans[0].width).toBeGreaterThan(spans[1].width * 10);
    expect(spans[0].text).toBe('train: 1958-03 – 2001-08, 9,800 rows, 9,700 windows');
    expect(spans[2].text).toBe('test: 50 rows, 30 windows');
  });
});
