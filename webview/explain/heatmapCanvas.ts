import type { Grid } from '../../engine/types';
import { h } from '../dom';
import type { ChartTheme } from '../theme';
import type { ColourScale } from './colourScale';
import { cellReadout, cellValue, paintGrid } from './grid';
import { rowAt, stepAt, type TimeAxis } from './timeAxis';
import type { UnitSort } from './unitOrder';

// One heatmap of the Explain view: rows (hidden units or input features) × time steps on the shared time
// axis, painted one pixel per cell into ImageData and scaled up without smoothing (crisp cells, and a
// 256-unit map costs one drawImage). Hover, or the arrow keys on the focused map, shows the cell's step,
// row and value in a tip beside it and in a live region for screen readers. The canvas needs no inline
// style or script: the CSP stays as strict as the rest of the panel.

export interface MapSpec {
  /** Readable name, e.g. "forget gate f": readouts and the canvas's label say it. */
  readonly name: string;
  /** data-map: the block key, or 'attribution' / 'input'. */
  readonly kind: string;
  readonly layer: number | null;
  readonly grid: Grid;
  /** order[r] is the grid row drawn in row r. */
  readonly order: ArrayLike<number>;
  readonly sortedBy: UnitSort | null;
  readonly scale: ColourScale;
  /** A grid row's name: "unit 17", or a feature's. */
  readonly rowName: (row: number) => string;
  /** Name every row at the left (a few features); otherwise say how many rows there are. */
  readonly rowLabels: boolean;
  readonly height: number;
  /** A step's time or token, for readouts. */
  readonly time: (step: number) => string | null;
  readonly token: (step: number) => string | null;
  /** The value a readout says, when the painted grid is not in the reader's units (an input map scaled per row). */
  readonly value?: (row: number, step: number) => number;
}

/** The tip and live region the maps share (one cell is read at a time). */
export interface MapReadout {
  show(text: string, canvas: HTMLCanvasElement, x: number, y: number): void;
  hide(): void;
}

export class HeatmapCanvas {
  readonly canvas: HTMLCanvasElement;
  private spec: MapSpec | null = null;
  private axis: TimeAxis | null = null;
  private theme: ChartTheme | null = null;
  private cells: HTMLCanvasElement | null = null;
  private cursor: { row: number; step: number } | null = null;

  constructor(id: string, private readonly readout: MapReadout) {
    this.canvas = h('canvas', { id, class: 'heatmap', tabindex: 0, role: 'img' });
    this.canvas.addEventListener('mousemove', (event) => this.hover(event.offsetX, event.offsetY));
    this.canvas.addEventListener('mouseleave', () => this.leave());
    this.canvas.addEventListener('blur', () => this.leave());
    this.canvas.addEventListener('keydown', (event) => this.key(event));
  }

  draw(spec: MapSpec, axis: TimeAxis, theme: ChartTheme): void {
    this.spec = spec;
    this.axis = axis;
    this.theme = theme;
    this.cells = paintCells(spec);
    const { grid } = spec;
    const data = this.canvas.dataset;
    data.map = spec.kind;
    data.layer = spec.layer === null ? '' : String(spec.layer);
    data.rows = String(grid.rows);
    data.steps = String(grid.steps);
    data.sortedBy = spec.sortedBy ?? '';
    data.order = Array.from(spec.order).join(',');
    data.min = String(spec.scale.min);
    data.max = String(spec.scale.max);
    this.canvas.setAttribute('aria-label', `${spec.name}: ${grid.rows} ${spec.rowLabels ? 'rows' : 'units'} × ${grid.steps} steps`
      + `${spec.sortedBy && spec.sortedBy !== 'index' ? `, sorted by ${spec.sortedBy}` : ''}. Arrow keys read one cell at a time.`);
    if (this.cursor && (this.cursor.row >= grid.rows || this.cursor.step >= grid.steps)) this.cursor = null;
    this.paint();
  }

  private paint(): void {
    const { spec, axis, theme, cells } = this;
    if (!spec || !axis || !theme || !cells) return;
    const ratio = window.devicePixelRatio || 1;
    const width = axis.left + axis.width + 8;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(spec.height * ratio);
    this.canvas.style.width = `${width}px`; // CSSOM: allowed by the CSP, unlike a style attribute
    this.canvas.style.height = `${spec.height}px`;
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = theme.background;
    context.fillRect(0, 0, width, spec.height);
    context.imageSmoothingEnabled = false;
    context.drawImage(cells, axis.left, 0, axis.width, spec.height);
    context.font = `${Math.min(theme.fontSize, 12)}px ${theme.fontFamily}`;
    context.fillStyle = theme.foreground;
    context.textBaseline = 'middle';
    context.textAlign = 'right';
    const rows = spec.grid.rows;
    const rowHeight = spec.height / Math.max(rows, 1);
    if (spec.rowLabels && rowHeight >= 9) {
      for (let r = 0; r < rows; r++) context.fillText(clip(context, spec.rowName(spec.order[r]), axis.left - 8), axis.left - 6, (r + 0.5) * rowHeight);
    } else {
      context.fillText(`${rows} ${spec.rowLabels ? 'rows' : 'units'}`, axis.left - 6, spec.height / 2);
    }
    if (this.cursor) {
      context.strokeStyle = theme.foreground;
      context.lineWidth = theme.highContrast ? 2 : 1.5;
      context.strokeRect(axis.left + this.cursor.step * axis.column, this.cursor.row * rowHeight, Math.max(axis.column, 2), Math.max(rowHeight, 2));
    }
  }

  private hover(x: number, y: number): void {
    if (!this.spec || !this.axis) return;
    const step = stepAt(this.axis, x);
    const row = rowAt(this.spec.height, this.spec.grid.rows, y);
    if (step === null || row === null) return this.leave();
    this.moveTo(row, step);
  }

  private key(event: KeyboardEvent): void {
    if (!this.spec) return;
    const moves: Readonly<Record<string, [number, number]>> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (!move) {
      if (event.key === 'Escape') this.leave();
      return;
    }
    event.preventDefault();
    const { rows, steps } = this.spec.grid;
    const from = this.cursor ?? { row: 0, step: steps - 1 };
    const row = this.cursor ? Math.min(rows - 1, Math.max(0, from.row + move[0])) : from.row;
    const step = this.cursor ? Math.min(steps - 1, Math.max(0, from.step + move[1])) : from.step;
    this.moveTo(row, step);
  }

  private moveTo(row: number, step: number): void {
    const { spec, axis } = this;
    if (!spec || !axis) return;
    if (this.cursor?.row !== row || this.cursor.step !== step) {
      this.cursor = { row, step };
      this.paint();
    }
    const unit = spec.order[row];
    const value = spec.value ? spec.value(unit, step) : cellValue(spec.grid, unit, step);
    const text = cellReadout({ map: spec.name, rowName: spec.rowName(unit), step, time: spec.time(step), token: spec.token(step), value });
    const rowHeight = spec.height / spec.grid.rows;
    this.readout.show(text, this.canvas, axis.left + (step + 1) * axis.column, (row + 1) * rowHeight);
  }

  private leave(): void {
    if (!this.cursor) return;
    this.cursor = null;
    this.paint();
    this.readout.hide();
  }
}

/** The cells at one pixel each, in row order: an offscreen canvas the map scales up. */
function paintCells(spec: MapSpec): HTMLCanvasElement {
  const { grid, order } = spec;
  const cells = document.createElement('canvas');
  cells.width = Math.max(1, grid.steps);
  cells.height = Math.max(1, order.length);
  const context = cells.getContext('2d');
  if (context && grid.steps > 0 && order.length > 0) {
    const image = context.createImageData(grid.steps, order.length);
    paintGrid(grid, order, spec.scale, image.data);
    context.putImageData(image, 0, 0);
  }
  return cells;
}

/** `text` cut with an ellipsis to fit `width` pixels. */
export function clip(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let end = text.length;
  while (end > 1 && context.measureText(`${text.slice(0, end)}…`).width > width) end--;
  return `${text.slice(0, end)}…`;
}
