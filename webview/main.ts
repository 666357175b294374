import type { HostToWebview, PanelConfig, RunMeta, RunSeries, WebviewToHost } from './protocol';
import { applyChartTheme, createLossChart, runLines } from './lossChart';
import { renderRunsTable } from './runsTable';
import { readChartTheme, watchTheme } from './theme';
import './main.css';

// The SeqLab panel's page: the loss of every run of one config, live, and a table of the runs with
// Stop. It says `ready` to the host, which answers with a snapshot, then deltas. It runs under a
// strict CSP (extension/panel/panelHtml.ts): one nonce'd script. What it shows is also exposed as
// data attributes (`data-runs`, `data-points`) and the runs table, for people and tests alike.

interface PanelState {
  /** The config's id, so VS Code restores this panel for the same config after a reload. */
  readonly configId: string;
}

const vscode = acquireVsCodeApi<PanelState>();

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

// Report problems to the host's SeqLab log: a webview's console is invisible to users.
window.addEventListener('error', (event) => post({ type: 'error', message: event.message }));
document.addEventListener('securitypolicyviolation', (event) =>
  post({ type: 'cspViolation', directive: event.effectiveDirective, blockedUri: event.blockedURI }));

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The panel's page has no #${id}`);
  return found;
}

interface RunView {
  meta: RunMeta;
  batchPoints: number;
  epochPoints: number;
  /** The last batch step seen per epoch, for epoch events that do not carry their step. */
  lastStepOfEpoch: Map<number, number>;
}

const status = element('status', HTMLParagraphElement);
const table = element('runs', HTMLTableSectionElement);
let theme = readChartTheme();
const chart = createLossChart(element('loss-chart', HTMLCanvasElement), theme);
const runs = new Map<string, RunView>();
watchTheme(() => {
  theme = readChartTheme();
  applyChartTheme(chart, theme);
});

let redraw = 0;
/** `append` messages received since the page loaded: the curves grew live, not only from a snapshot. */
let appends = 0;
function scheduleRedraw(): void {
  redraw ||= requestAnimationFrame(() => {
    redraw = 0;
    chart.update('none');
    const views = [...runs.values()];
    renderRunsTable(table, views.map((view) => ({ meta: view.meta, batchPoints: view.batchPoints, epochPoints: view.epochPoints })), (id) => post({ type: 'stop', id }));
    document.body.dataset.runs = String(views.length);
    document.body.dataset.points = String(views.reduce((sum, view) => sum + view.batchPoints, 0));
    document.body.dataset.epochPoints = String(views.reduce((sum, view) => sum + view.epochPoints, 0));
    document.body.dataset.appends = String(appends);
    const active = views.filter((view) => view.meta.state === 'running' || view.meta.state === 'queued').length;
    status.textContent = views.length === 0 ? 'No training run yet.' : `${views.length} run(s)${active > 0 ? `, ${active} training` : ''}.`;
  });
}

function showConfig(config: PanelConfig): void {
  vscode.setState({ configId: config.id });
  element('config-name', HTMLHeadingElement).textContent = config.name;
  element('config-path', HTMLParagraphElement).textContent = config.dataFile ? `${config.displayPath} · data: ${config.dataFile}` : config.displayPath;
}

function updateMeta(meta: RunMeta): RunView {
  let view = runs.get(meta.id);
  if (!view) runs.set(meta.id, (view = { meta, batchPoints: 0, epochPoints: 0, lastStepOfEpoch: new Map() }));
  view.meta = meta;
  runLines(chart, meta.index, meta.label || meta.id, theme);
  return view;
}

function append(view: RunView, series: RunSeries): void {
  const lines = runLines(chart, view.meta.index, view.meta.label || view.meta.id, theme);
  const { step, epoch, loss } = series.batches;
  for (let i = 0; i < step.length; i++) {
    lines.batch.push({ x: step[i], y: loss[i] });
    view.lastStepOfEpoch.set(epoch[i], step[i]);
  }
  view.batchPoints += step.length;
  for (const event of series.epochs) {
    const x = event.step ?? view.lastStepOfEpoch.get(event.epoch) ?? 0;
    lines.train.push({ x, y: event.trainLoss });
    lines.validation.push({ x, y: event.valLoss });
  }
  view.epochPoints += series.epochs.length;
}

function clearRuns(): void {
  runs.clear();
  chart.data.datasets = [];
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'snapshot':
      showConfig(message.config);
      clearRuns();
      for (const run of message.runs) append(updateMeta(run.meta), run.series);
      break;
    case 'runs': {
      const ids = new Set(message.runs.map((meta) => meta.id));
      for (const meta of message.runs) updateMeta(meta);
      if ([...runs.keys()].some((id) => !ids.has(id))) post({ type: 'ready' }); // a run was deleted: start over
      break;
    }
    case 'append': {
      const view = runs.get(message.id);
      if (view) append(view, message.series);
      appends++;
      break;
    }
    default: {
      const unknown: never = message;
      post({ type: 'error', message: `unknown message ${JSON.stringify(unknown)}` });
    }
  }
  scheduleRedraw();
});

status.textContent = 'Waiting for SeqLab…';
post({ type: 'ready' });
