/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { session } from './session';
import { paletteCommands, runPaletteCommand } from './workbench';

describe('Command palette', () => {
  it('lists the SeqLab commands', async () => {
    const labels = await paletteCommands(session().page, 'SeqLab:');
    for (const label of ['SeqLab: Train', 'SeqLab: Open Panel', 'SeqLab: Show Log']) {
      // A row's accessible name may go on with its group (`, recently used`).
      assert.ok(labels.some((row) => row === label || row.startsWith(`${label}, `)), `${label} in: ${labels.join(' | ')}`);
    }
  });

  it('SeqLab: Show Log shows the SeqLab log with its activation line', async () => {
    const { page } = session();
    await runPaletteCommand(page, 'SeqLab: Show Log');
    // The Output view is a read-only editor in the bottom panel, scrolled to its last lines: its filter
    // brings the activation line back. The editor renders spaces as no-break spaces, hence \s.
    await page.locator('.part.panel').getByPlaceholder(/^Filter/).first().fill('activated');
    await page.locator('.part.panel .view-lines', { hasText: /SeqLab\s[\d.]+\sactivated/ }).first().waitFor({ timeout: 20_000 });
    await runPaletteCommand(page, 'View: Hide Panel');
  });
});
