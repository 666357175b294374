import type { RunCurves } from '../model/seriesStore';
import type { HostToWebview, RunMeta, WebviewToHost } from '../protocol';
import type { ChartTheme } from '../theme';
import { DiagnosticsView } from './diagnosticsView';
import type { ExplainSettings } from './explainSettings';
import { ExplainView } from './explainView';

// The panel's two sections about the selected run's model, issue 15: its diagnostics (once it has ended)
// and the Explain inspector. The panel forwards their messages and the selected run here.

export interface ExplainSectionsActions {
  post(message: WebviewToHost): void;
  save(settings: ExplainSettings): void;
}

export class ExplainSections {
  readonly diagnostics: DiagnosticsView;
  readonly explain: ExplainView;

  constructor(theme: ChartTheme, settings: ExplainSettings, actions: ExplainSectionsActions) {
    this.diagnostics = new DiagnosticsView(theme, '', (message) => actions.post(message));
    this.explain = new ExplainView(theme, settings, actions);
  }

  get elements(): HTMLElement[] {
    return [this.diagnostics.element, this.explain.element];
  }

  receive(message: Extract<HostToWebview, { type: 'explanation' | 'diagnostics' }>): void {
    if (message.type === 'explanation') this.explain.receive(message);
    else this.diagnostics.receive(message.runId, message.result);
  }

  /** The selected run (every frame: both views skip what did not change). */
  show(meta: RunMeta | null, curves: RunCurves | undefined, colour: string): void {
    this.diagnostics.setRun(meta, colour);
    this.explain.setRun(meta, curves);
  }

  pickForecastPoint(point: number, points: number, times: readonly string[] | null): void {
    this.explain.pickForecastPoint(point, points, times);
  }

  applyTheme(theme: ChartTheme): void {
    this.diagnostics.applyTheme(theme);
    this.explain.applyTheme(theme);
  }
}
