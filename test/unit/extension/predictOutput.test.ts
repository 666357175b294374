// The host checks what `seqlab predict --out --json` printed before posting it to a panel.
import { expect, test } from 'vitest';
import { parsePredictOutput } from '../../../extension/predict/predictOutput';

const forecast = {
  out: 'a.predictions.csv',
  rows: 3,
  preview: { task: 'forecast', rows: 3, target: 'load', timeColumn: 'date', shown: { key: ['13', '14', '15'], time: ['2020-01-13', '2020-01-14', '2020-01-15'], actual: [1, null, 3], predicted: [1.5, 2.5, 3.5] } },
};
const classify = {
  out: 'b.predictions.csv',
  rows: 2,
  preview: { task: 'classify', rows: 2, label: 'weather', classes: ['rain', 'sun'], timeColumn: null, shown: { key: ['11', '12'], time: null, actual: ['sun', null], predicted: ['sun', 'rain'] } },
};

test('the CLI output of a forecast and of a classifier', () => {
  expect(parsePredictOutput(JSON.stringify(forecast))).toEqual({ rows: 3, preview: forecast.preview });
  expect(parsePredictOutput(JSON.stringify(classify))).toEqual({ rows: 2, preview: classify.preview });
});

test('anything else is refused: not JSON, arrays of different lengths, wrong value types, an unknown task', () => {
  const shown = forecast.preview.shown;
  const variants = [
    'wrote 3 prediction row(s)',
    JSON.stringify({ ...forecast, rows: '3' }),
    JSON.stringify({ ...forecast, preview: { ...forecast.preview, shown: { ...shown, predicted: [1, 2] } } }),
    JSON.stringify({ ...forecast, preview: { ...forecast.preview, shown: { ...shown, predicted: ['1', '2', '3'] } } }),
    JSON.stringify({ ...forecast, preview: { ...forecast.preview, shown: { ...shown, time: ['x'] } } }),
    JSON.stringify({ ...forecast, preview: { ...forecast.preview, task: 'text' } }),
    JSON.stringify({ ...classify, preview: { ...classify.preview, classes: 'rain' } }),
    JSON.stringify({ ...classify, preview: { ...classify.preview, shown: { ...classify.preview.shown, actual: [1, null] } } }),
  ];
  for (const text of variants) expect(parsePredictOutput(text), text).toBeUndefined();
});
