import * as fs from 'node:fs';

// code-server forks the extension host and the pty host, which would outlive it (VS Code keeps a
// disconnected extension host for hours). So code-server is started as the leader of its own
// process group, and stopping it means signalling the whole group.

/** Sends `signal` to every process of group `groupId`; false if the group no longer exists. */
export function signalGroup(groupId: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

/** The ids of the live processes in group `groupId` (Linux: read from /proc). */
export function processesInGroup(groupId: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Fields after the parenthesised command name: state ppid pgrp …; zombies are already dead.
    const [state, , groupField] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(groupField) === groupId && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** SIGTERM the group, give it `graceMs`, then SIGKILL whatever is left; resolves to the stragglers. */
export async function stopGroup(groupId: number, graceMs: number): Promise<number[]> {
  if (!signalGroup(groupId, 'SIGTERM')) return [];
  const deadline = Date.now() + graceMs;
  while (processesInGroup(groupId).length > 0 && Date.now() < deadline) await delay(100);
  signalGroup(groupId, 'SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (processesInGroup(groupId).length > 0 && Date.now() < killDeadline) await delay(50);
  return processesInGroup(groupId);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
