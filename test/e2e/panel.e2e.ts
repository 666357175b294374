/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { saveScreenshot } from '../tools/artifacts';
import { session } from './session';
import { activeTabLabel, closeAllEditors, pickExplorerMenuEntry, visibleWebview } from './workbench';

// The SeqLab panel as a user opens it: Explorer → right-click data.csv → Train.

/** What the check below uses of an HTMLCanvasElement (test code has no DOM typings: it runs in Node). */
interface PaintedCanvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { readonly data: ArrayLike<number> } } | null;
}

/** Browser console lines that report a Content Security Policy violation inside a webview. */
function webviewCspViolations(): string[] {
  return session().console
    .filter(({ text, url }) => /Content Security Policy/i.test(text) && /\/webview\/|vscode-resource|vscode-cdn/.test(url))
    .map(({ text, url }) => `${text} (${url})`);
}

describe('SeqLab panel', () => {
  after(() => closeAllEditors(session().page));

  it('opens from Train on data.csv and its script runs under the CSP', async () => {
    const { page, artifacts } = session();
    await pickExplorerMenuEntry(page, 'data.csv', 'Train');
    await page.locator('.tabs-container .tab.active[aria-label="SeqLab: data.csv"]').waitFor({ timeout: 20_000 });
    assert.equal(await activeTabLabel(page), 'SeqLab: data.csv');

    const webview = visibleWebview(page);
    // Written by the script from the host's `show` message: the nonce'd script ran, and the
    // ready/show handshake went both ways.
    await webview.locator('#status', { hasText: 'No training run yet.' }).waitFor({ timeout: 20_000 });
    assert.equal(await webview.locator('#data-file').textContent(), 'data.csv');

    // chart.js drew the (empty) loss chart: axes, grid and legend leave opaque pixels.
    const painted = await webview.locator('#loss-chart').evaluate((canvas: PaintedCanvas) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let opaque = 0;
      for (let alpha = 3; alpha < data.length; alpha += 4) if (data[alpha] > 0) opaque++;
      return opaque;
    });
    assert.ok(painted > 1000, `the chart painted ${painted} pixels`);
    await saveScreenshot(page, artifacts, 'panel-data.csv');

    assert.deepEqual(webviewCspViolations(), []);
  });
});
