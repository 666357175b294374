/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { session } from './session';
import { explorerContextMenu } from './workbench';

// The Explorer's context menu offers SeqLab's Train exactly on the files SeqLab trains on: the
// `when` clause in package.json, as VS Code itself evaluates it.

describe('Explorer context menu', () => {
  async function menuOf(fileName: string, untilLabel?: string): Promise<string[]> {
    return explorerContextMenu(session().page, fileName, untilLabel);
  }

  // The first case retries until the extension's contributions are loaded; later specs rely on that.
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
