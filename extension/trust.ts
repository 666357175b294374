import * as vscode from 'vscode';

// Restricted Mode (package.json: untrustedWorkspaces "limited"): training, resuming and predicting
// read the workspace's data and write models, so they wait for trust; the views still show runs.

/** True in a trusted workspace; otherwise says why `action` is refused and returns false. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window.showWarningMessage(
    vscode.l10n.t('SeqLab does not {0} in Restricted Mode: it would read this workspace\'s data and write models. Trust the workspace to {0}.', action),
    manage,
  ).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
