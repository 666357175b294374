import { describe, expect, it } from 'vitest';
import type { LayerInspection, StateBlock } from '../../../../engine/types';
import { layerOrders, unitOrder } from '../../../../webview/explain/unitOrder';

function block(key: StateBlock['key'], variance: number[], saturation: number[] | null): StateBlock {
  return {
    key, label: key, range: saturation ? 'sigmoid' : 'unbounded',
    values: { rows: variance.length, steps: 1, data: variance.map(() => 0.5) },
    unitVariance: variance, unitSaturation: saturation, saturation: saturation ? { low: 0, high: 0 } : null,
  };
}

describe('unit order', () => {
  const forget = block('forget', [0.1, 0.4, 0.4, Number.NaN, 0.2], [0, 0.5, 0.1, 0.9, 0.5]);

  it('by index keeps the model’s numbering', () => {
    expect([...unitOrder(forget, 'index').order]).toEqual([0, 1, 2, 3, 4]);
  });

  it('by variance or saturation, largest first, ties in unit order, a broken value last', () => {
    expect([...unitOrder(forget, 'variance').order]).toEqual([1, 2, 4, 0, 3]);
    expect(unitOrder(forget, 'saturation')).toEqual({ order: Int32Array.from([3, 1, 4, 2, 0]), by: 'saturation' });
  });

  it('the cell state has no saturation: ordered by variance instead, and says so', () => {
    expect(unitOrder(block('cell', [1, 3, 2], null), 'saturation')).toEqual({ order: Int32Array.from([1, 2, 0]), by: 'variance' });
  });

  it('each map by its own measure, or every map in one block’s order', () => {
    const cell = block('cell', [5, 1, 2, 3, 4], null);
    const layer: LayerInspection = { layer: 0, cell: 'lstm', units: 5, blocks: [forget, cell] };
    const each = layerOrders(layer, 'variance', 'each').map((o) => [...o.order]);
    expect(each).toEqual([[1, 2, 4, 0, 3], [0, 4, 3, 2, 1]]);
    const byCell = layerOrders(layer, 'variance', 'cell').map((o) => [...o.order]);
    expect(byCell).toEqual([[0, 4, 3, 2, 1], [0, 4, 3, 2, 1]]);
  });
});
