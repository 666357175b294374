import type { BlockKey, LayerInspection, StateBlock } from '../../engine/types';

// The order of a heatmap's rows (hidden units). By index, as the model numbers them; by variance over
// the window (the units that move first); or by saturation (the share of steps a gate is pinned near 0
// or 1, first). Either each map in its own order, or every map of the layer in one block's order, so
// that a unit's row lines up across its gates and states. Pure.

export type UnitSort = 'index' | 'variance' | 'saturation';
/** 'each': every map by its own measure; a block key: every map in that block's order. */
export type SortScope = 'each' | BlockKey;

export interface UnitOrder {
  /** order[r] is the unit drawn in row r. */
  readonly order: Int32Array;
  /** What the order was computed from: 'variance' where saturation was asked of the cell state, which has none. */
  readonly by: UnitSort;
}

/** The rows of one block sorted by `by`, largest first; ties keep the units' own order. */
export function unitOrder(block: StateBlock, by: UnitSort): UnitOrder {
  const units = block.values.rows;
  const order = Int32Array.from({ length: units }, (_, i) => i);
  if (by === 'index') return { order, by };
  const used: UnitSort = by === 'saturation' && block.unitSaturation === null ? 'variance' : by;
  const measure = used === 'saturation' ? block.unitSaturation! : block.unitVariance;
  const key = (unit: number): number => {
    const value = measure[unit];
    return Number.isFinite(value) ? value : -Infinity; // a missing or broken value sorts last
  };
  order.sort((a, b) => key(b) - key(a) || a - b);
  return { order, by: used };
}

/** One order per block of `layer`, following `scope`. */
export function layerOrders(layer: LayerInspection, by: UnitSort, scope: SortScope): UnitOrder[] {
  if (scope === 'each') return layer.blocks.map((block) => unitOrder(block, by));
  const leader = layer.blocks.find((block) => block.key === scope) ?? layer.blocks[0];
  const shared = leader ? unitOrder(leader, by) : { order: new Int32Array(0), by };
  return layer.blocks.map(() => shared);
}
