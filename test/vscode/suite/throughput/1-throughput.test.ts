/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seqlab, waitFor, workspaceFile } from '../helpers';

// Not part of `npm test`: the editor's half of test/tools/throughput.ts. Trains the workspace's config
// once, as Train does, and leaves the run folder for the tool to read.

suite('Throughput in the editor', () => {
  test('trains the config to the end', async function () {
    this.timeout(15 * 60_000);
    const { manager } = await seqlab();
    const runDir = await vscode.commands.executeCommand<string | undefined>('seqlab.train', workspaceFile('throughput.seqlab.json'));
    assert.ok(runDir, 'a run started');
    await waitFor('the run to end', () => !manager.isActive(runDir), 15 * 60_000);
    assert.ok(fs.existsSync(path.join(runDir, 'summary.json')));
    console.log(`extension host: Node ${process.version}, run ${path.basename(runDir)}`);
  });
});
