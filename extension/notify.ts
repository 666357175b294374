import * as vscode from 'vscode';

// Notifications that the SeqLab log explains further: the message goes to the log as well, and the
// notification offers Show Log.

export function showErrorWithLog(log: vscode.LogOutputChannel, message: string): void {
  log.error(message);
  offerLog(log, vscode.window.showErrorMessage(message, vscode.l10n.t('Show Log')));
}

export function showWarningWithLog(log: vscode.LogOutputChannel, message: string): void {
  log.warn(message);
  offerLog(log, vscode.window.showWarningMessage(message, vscode.l10n.t('Show Log')));
}

function offerLog(log: vscode.LogOutputChannel, choice: Thenable<string | undefined>): void {
  void choice.then((picked) => {
    if (picked !== undefined) log.show(true);
  });
}
