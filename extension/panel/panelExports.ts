import * as path from 'node:path';
import * as vscode from 'vscode';
import { atomicWriteFileSync } from '../../engine/index';
import type { CsvCell } from '../../webview/protocol';
import { configStem } from '../config/configFinder';
import { csvText, pngFromDataUrl } from './exportFiles';

// The panel's exports: the webview posts the chart as a PNG data URL, or the CSV's rows; the host asks
// where to save (beside the config by default) and writes the file atomically (temp file, fsync,
// rename), so a failed save leaves no half-written file. The webview never writes files.

export async function savePng(configFile: vscode.Uri, dataUrl: string, log: vscode.LogOutputChannel): Promise<void> {
  const png = pngFromDataUrl(dataUrl);
  if (png instanceof Error) {
    log.error(`${configStem(configFile.fsPath)}: PNG export refused: ${png.message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('SeqLab could not export the chart: {0}.', png.message));
    return;
  }
  await saveAs(configFile, `${configStem(configFile.fsPath)}-loss.png`, { [vscode.l10n.t('PNG image')]: ['png'] },
    vscode.l10n.t('Export Loss Chart'), png, log);
}

export async function saveCsv(configFile: vscode.Uri, rows: readonly (readonly CsvCell[])[], log: vscode.LogOutputChannel): Promise<void> {
  await saveAs(configFile, `${configStem(configFile.fsPath)}-metrics.csv`, { [vscode.l10n.t('CSV file')]: ['csv'] },
    vscode.l10n.t('Export Metrics of Every Run'), csvText(rows), log);
}

async function saveAs(
  configFile: vscode.Uri, fileName: string, filters: Record<string, string[]>, title: string, data: string | Uint8Array, log: vscode.LogOutputChannel,
): Promise<void> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(configFile, '..', fileName), filters, title, saveLabel: vscode.l10n.t('Export'),
  });
  if (!target) return; // the user cancelled
  try {
    if (target.scheme === 'file') atomicWriteFileSync(target.fsPath, data);
    else await vscode.workspace.fs.writeFile(target, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.error(`Export to ${target.fsPath} failed: ${reason}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('SeqLab could not write {0}: {1}', path.basename(target.fsPath), reason));
    return;
  }
  log.info(`Exported ${target.fsPath}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', path.basename(target.fsPath)));
}
