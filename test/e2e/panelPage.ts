import type { FrameLocator, Page } from 'playwright-core';
import { visibleWebview } from './workbench';

// Reading the SeqLab panel as its DOM exposes it (data attributes, accessible tables, form controls),
// never its painted pixels: see webview/layout.ts and webview/views/*.

export interface LegendEntry {
  readonly id: string;
  readonly label: string;
  readonly colour: string;
  readonly state: string;
  readonly points: number;
  readonly epochPoints: number;
}

export function panel(page: Page): FrameLocator {
  return visibleWebview(page);
}

export async function legend(page: Page): Promise<LegendEntry[]> {
  return panel(page).locator('#legend li.run').evaluateAll((items) => items.map((item) => ({
    id: item.getAttribute('data-run-id') ?? '',
    label: item.getAttribute('data-label') ?? '',
    colour: item.getAttribute('data-colour') ?? '',
    state: item.getAttribute('data-state') ?? '',
    points: Number(item.getAttribute('data-points')),
    epochPoints: Number(item.getAttribute('data-epoch-points')),
  })));
}

/** The panel's body data attribute `name` (data-runs, data-points, data-y-scale, …). */
export async function bodyData(page: Page, name: string): Promise<string | null> {
  return panel(page).locator('body').getAttribute(`data-${name}`);
}

/** Polls `probe` until `accept` holds (the panel updates a few times a second while runs train). */
export async function waitUntil<T>(page: Page, what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch {
      // the webview is (re)loading: try again
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await page.waitForTimeout(200);
  }
}
