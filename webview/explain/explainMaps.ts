import type { ExplainReport, Grid, StateBlock } from '../../engine/types';
import { h, replaceChildren } from '../dom';
import type { ChartTheme } from '../theme';
import { AxisCanvas } from './axisCanvas';
import { renderBars, type BarColours } from './barList';
import { SCALE_SIZE, type ColourScale } from './colourScale';
import type { ExplainSettings } from './explainSettings';
import { attributionCaption, METHOD_LABELS, orderNote, saturationNote, targetCaption } from './explainText';
import { rowExtents } from './grid';
import { HeatmapCanvas, type MapSpec } from './heatmapCanvas';
import { InputStrip, MAX_LINE_FEATURES } from './inputStrip';
import { attributionScale, blockScale, inputScale, mapColours } from './mapScales';
import { FloatingReadout } from './mapReadout';
import { mapHeight, timeAxis } from './timeAxis';
import { layerOrders } from './unitOrder';

// The Explain view's figure for one report: the input on the time axis, the attribution map under it and
// each feature's total, then every gate and state of the chosen layer, all on the same axis. Canvases are
// kept between draws (a keyboard user's focus stays on its map); they are rebuilt only when the report or
// the layer changes.

const FEATURE_ROW = 18;
const MAX_FEATURE_BARS = 20;

export class ExplainMaps {
  readonly element = h('div', { class: 'explain-figure', id: 'explain-figure' });
  private readonly readout = new FloatingReadout(this.element);
  private readonly target = h('p', { class: 'view-caption', id: 'explain-target' });
  private readonly inputStrip = new InputStrip(this.readout);
  private readonly inputMap = new HeatmapCanvas('explain-input-map', this.readout);
  private readonly inputAxis = new AxisCanvas('explain-input-axis');
  private readonly attributionCaption = h('p', { class: 'view-caption', id: 'explain-attribution-caption' });
  private readonly attributionLegend = h('span', { class: 'scale-legend' });
  private readonly attribution = new HeatmapCanvas('explain-attribution', this.readout);
  private readonly features = h('ul', { class: 'bars', id: 'explain-features', 'aria-label': 'Attribution per feature, summed over the steps' });
  private readonly layerHeading = h('h3', { id: 'explain-layer-heading' });
  private readonly layerBox = h('div', { class: 'layer-maps', id: 'explain-layer-maps' });
  private readonly bottomAxis = new AxisCanvas('explain-layer-axis');
  private blockMaps: { key: string; map: HeatmapCanvas; note: HTMLElement; legend: HTMLElement }[] = [];
  private structure = '';

  constructor() {
    this.element.append(
      h('h3', {}, 'The window and which inputs mattered'), this.target,
      this.inputStrip.canvas, this.inputMap.canvas, this.inputAxis.canvas,
      h('div', { class: 'map-header' }, h('h4', {}, 'Attribution'), this.attributionLegend), this.attributionCaption,
      this.attribution.canvas, this.features,
      this.layerHeading, this.layerBox, this.bottomAxis.canvas,
    );
  }

  /** Draws `report` as `settings` say, `width` pixels wide; returns how many maps it drew. */
  draw(report: ExplainReport, settings: ExplainSettings, theme: ChartTheme, width: number): number {
    const layer = report.layers[Math.min(settings.layer, report.layers.length - 1)];
    const structure = JSON.stringify([report.run.dir, report.split, report.index, layer?.layer]);
    if (structure !== this.structure) this.rebuild(layer?.blocks ?? [], structure);
    const axis = timeAxis(width, report.input.steps);
    const colours = mapColours(theme);
    const input = report.input;
    const time = (step: number) => input.times?.[step] ?? null;
    const token = (step: number) => (input.kind === 'tokens' ? input.tokens[step] ?? null : null);
    const label = (step: number) => input.times?.[step] ?? (input.kind === 'tokens' ? `${step + 1}` : `step ${step + 1}`);
    this.target.textContent = targetCaption(report);
    let maps = 0;

    const asMap = input.kind === 'features' && input.features.length > MAX_LINE_FEATURES;
    this.inputStrip.canvas.hidden = asMap;
    this.inputMap.canvas.hidden = !asMap;
    if (asMap && input.kind === 'features') {
      this.inputMap.draw({
        name: 'input (each feature scaled to its own range)', kind: 'input', layer: null, grid: perRowScaled(input.values), order: identity(input.values.rows),
        sortedBy: null, scale: inputScale(colours), rowName: (row) => input.features[row], rowLabels: true,
        height: mapHeight(input.values.rows, 24, 240, FEATURE_ROW), time, token, value: (row, step) => input.values.data[row * input.steps + step],
      }, axis, theme);
    } else {
      this.inputStrip.draw(input, axis, theme);
    }
    this.inputAxis.draw(axis, label, input.times ? 'time' : 'step', theme);
    maps++;

    const grid = settings.method === 'integratedGradients' ? report.attribution.integratedGradients : report.attribution.gradientTimesInput;
    const scale = attributionScale(grid, colours);
    this.attributionCaption.textContent = attributionCaption(report.attribution, settings.method);
    drawLegend(this.attributionLegend, scale);
    this.attribution.draw({
      name: METHOD_LABELS[settings.method], kind: 'attribution', layer: null, grid, order: identity(grid.rows), sortedBy: null, scale,
      // A text model's one row sums each step's character over the embedding.
      rowName: (row) => (input.kind === 'tokens' ? 'character' : report.attribution.features[row] ?? `feature ${row}`), rowLabels: true,
      height: mapHeight(grid.rows, 24, 240, FEATURE_ROW), time, token,
    }, axis, theme);
    maps++;
    this.drawFeatureBars(report, settings, { positive: theme.palette[0] ?? theme.foreground, negative: theme.palette[1] ?? theme.foreground });

    if (layer) {
      this.layerHeading.textContent = `Layer ${layer.layer + 1} of ${report.layers.length}: gates and states of ${layer.units} units`;
      const orders = layerOrders(layer, settings.sort, settings.scope);
      layer.blocks.forEach((block, i) => {
        const entry = this.blockMaps[i];
        if (!entry) return;
        const blockScaleOf = blockScale(block, colours, settings.range === 'stretched');
        entry.note.textContent = [saturationNote(block), orderNote(settings, orders[i].by, layer.blocks)].filter(Boolean).join(' · ');
        drawLegend(entry.legend, blockScaleOf);
        entry.map.draw(blockSpec(block, layer.layer, orders[i].order, orders[i].by, blockScaleOf, time, token), axis, theme);
        maps++;
      });
      this.bottomAxis.draw(axis, label, input.times ? 'time' : 'step', theme);
    }
    return maps;
  }

  private rebuild(blocks: readonly StateBlock[], structure: string): void {
    this.structure = structure;
    this.blockMaps = blocks.map((block) => {
      const note = h('span', { class: 'map-note' });
      const legend = h('span', { class: 'scale-legend' });
      return { key: block.key, map: new HeatmapCanvas(`explain-map-${block.key}`, this.readout), note, legend };
    });
    replaceChildren(this.layerBox, ...this.blockMaps.flatMap((entry, i) => [
      h('div', { class: 'map-header' }, h('h4', {}, blocks[i].label), entry.note, entry.legend),
      entry.map.canvas,
    ]));
  }

  private drawFeatureBars(report: ExplainReport, settings: ExplainSettings, colours: BarColours): void {
    const key = settings.method === 'integratedGradients' ? 'integratedGradients' : 'gradientTimesInput';
    const ranked = [...report.attribution.perFeature].sort((a, b) => Math.abs(b[key]) - Math.abs(a[key]));
    this.features.hidden = ranked.length < 2; // one row (a text model's characters): the map says it all
    const shown = ranked.slice(0, MAX_FEATURE_BARS);
    renderBars(this.features, shown.map((feature) => ({ label: feature.feature, value: feature[key] })), colours);
    if (ranked.length > shown.length) this.features.append(h('li', { class: 'more' }, `… and ${ranked.length - shown.length} more features`));
  }
}

function blockSpec(block: StateBlock, layer: number, order: Int32Array, sortedBy: MapSpec['sortedBy'], scale: ColourScale,
  time: MapSpec['time'], token: MapSpec['token']): MapSpec {
  return {
    name: block.label, kind: block.key, layer, grid: block.values, order, sortedBy, scale,
    rowName: (row) => `unit ${row}`, rowLabels: false, height: mapHeight(block.values.rows), time, token,
  };
}

/** A small swatch of the scale, with its ends (and zero, for a diverging one). */
function drawLegend(element: HTMLElement, scale: ColourScale): void {
  const canvas = h('canvas', { class: 'legend-ramp', width: 96, height: 1, 'aria-hidden': 'true' });
  const context = canvas.getContext('2d');
  if (context) {
    const image = context.createImageData(96, 1);
    for (let x = 0; x < 96; x++) {
      const at = Math.round((x / 95) * (SCALE_SIZE - 1)) * 4;
      image.data.set(scale.table.subarray(at, at + 4), x * 4);
    }
    context.putImageData(image, 0, 0);
  }
  const end = (value: number) => String(Number(value.toPrecision(2)));
  replaceChildren(element, h('span', {}, end(scale.min)), canvas, h('span', {}, end(scale.max)));
  element.setAttribute('aria-label', `colour scale from ${end(scale.min)} to ${end(scale.max)}${scale.kind === 'diverging' ? ', zero in the middle' : ''}`);
}

function identity(rows: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, i) => i);
}

/** Each row mapped to [0, 1] over its own range (a constant row to 0.5). */
function perRowScaled(grid: Grid): Grid {
  const ranges = rowExtents(grid);
  const data = grid.data.map((value, i) => {
    const { min, max } = ranges[Math.floor(i / grid.steps)];
    return max > min ? (value - min) / (max - min) : 0.5;
  });
  return { rows: grid.rows, steps: grid.steps, data };
}
