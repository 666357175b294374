import type { RunMeta } from './protocol';

// The runs of the config as an accessible table: label, state, points drawn, best epoch, Stop.

export interface RunRow {
  readonly meta: RunMeta;
  readonly batchPoints: number;
  readonly epochPoints: number;
}

/** Rebuilds the rows when what they show changed (not on every frame: a Stop button must stay put). */
export function renderRunsTable(body: HTMLTableSectionElement, rows: readonly RunRow[], stop: (id: string) => void): void {
  const key = JSON.stringify(rows.map((row) => [row.meta.id, row.meta.label, row.meta.state, row.batchPoints, row.epochPoints, row.meta.bestEpoch]));
  if (body.dataset.key === key) return;
  body.dataset.key = key;
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement('tr');
    tr.dataset.runId = row.meta.id;
    tr.dataset.state = row.meta.state;
    tr.dataset.points = String(row.batchPoints);
    tr.dataset.epochPoints = String(row.epochPoints);
    const cells = [row.meta.label || row.meta.id, row.meta.state, String(row.batchPoints), String(row.epochPoints), row.meta.bestEpoch === null ? '–' : String(row.meta.bestEpoch)];
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    const action = document.createElement('td');
    if (row.meta.state === 'running' || row.meta.state === 'queued') {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Stop';
      button.setAttribute('aria-label', `Stop ${row.meta.label || row.meta.id}`);
      button.addEventListener('click', () => {
        button.disabled = true;
        stop(row.meta.id);
      });
      action.append(button);
    }
    tr.append(action);
    return tr;
  }));
}
