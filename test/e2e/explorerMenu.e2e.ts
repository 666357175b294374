/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { session } from './session';
import { explorerContextMenu } from './workbench';

// The Explorer's context menu offers SeqLab's Train exactly on the files SeqLab trains on: the
// `when` clause in package.json, as VS Code itself evaluates it.

describe('Explorer context menu', () => {
  it('shows Train on data.csv', async () => {
    // Retries until the extension's contributions are loaded; later specs rely on that.
    assert.ok((await explorerContextMenu(session().page, 'data.csv', 'Train')).includes('Train'));
  });

  it('shows Train on an upper-case EXPORT.CSV', async () => {
    assert.ok((await explorerContextMenu(session().page, 'EXPORT.CSV', 'Train')).includes('Train'));
  });

  it('shows Train on notes.txt', async () => {
    assert.ok((await explorerContextMenu(session().page, 'notes.txt', 'Train')).includes('Train'));
  });

  it('does not show Train on model.json', async () => {
    const labels = await explorerContextMenu(session().page, 'model.json');
    assert.ok(labels.includes('Copy Path'), `a full menu opened: ${labels.join(' | ')}`);
    assert.ok(!labels.includes('Train'), `no Train in: ${labels.join(' | ')}`);
  });
});
