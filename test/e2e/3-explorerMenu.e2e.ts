/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../tools/paths';
import { session } from './session';
import { explorerContextMenu, explorerRow, runPaletteCommand } from './workbench';

// The Explorer's context menu offers SeqLab's Train exactly on the files SeqLab trains on: the
// `when` clause in package.json, as VS Code itself evaluates it.

const FILES = ['data.csv', 'EXPORT.CSV', 'data.tsv', 'notes.txt', 'model.json'];

describe('Explorer context menu', () => {
  async function menuOf(fileName: string, untilLabel?: string): Promise<string[]> {
    return explorerContextMenu(session().page, fileName, untilLabel);
  }

  // The journey ran in a workspace holding only its data file; these files arrive now, as a user's would.
  before(async () => {
    const { page, workspace } = session();
    await runPaletteCommand(page, 'View: Show Explorer');
    for (const name of FILES) fs.copyFileSync(path.join(repoRoot, 'test/fixtures/vscode/workspace', name), path.join(workspace, name));
    for (const name of FILES) await explorerRow(page, name).waitFor({ timeout: 30_000 });
  });

  for (const fileName of ['data.csv', 'EXPORT.CSV', 'data.tsv', 'notes.txt']) {
    it(`shows Train on ${fileName}`, async () => {
      const labels = await menuOf(fileName, 'Train');
      assert.ok(labels.includes('Train'), `no Train in the menu of ${fileName}: ${labels.join(' | ')}`);
    });
  }

  it('does not show Train on model.json', async () => {
    const labels = await menuOf('model.json');
    assert.ok(labels.includes('Copy Path'), `a full menu opened: ${labels.join(' | ')}`);
    assert.ok(!labels.includes('Train'), `Train in the menu of model.json: ${labels.join(' | ')}`);
  });
});
