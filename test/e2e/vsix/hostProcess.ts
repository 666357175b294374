import * as fs from 'node:fs';

// The extension host of a code-server, seen from outside: its pid (a Node process started with
// --type=extensionHost inside the server's process group) and whether onnxruntime is mapped into it.

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function processGroup(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return -1;
  }
}

/** The extension hosts (pids) in code-server's process group `groupId`. */
export function extensionHosts(groupId: number): number[] {
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number)
    .filter((pid) => processGroup(pid) === groupId && /--type=extensionHost/.test(commandLine(pid)));
}

/** The files of `pid`'s memory map that look like onnxruntime (its library or its Node binding). */
export function onnxruntimeMappedInto(pid: number): string[] {
  const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
  return [...new Set(maps.split('\n').filter((line) => /onnxruntime/i.test(line)).map((line) => line.trim().split(/\s+/).pop() ?? ''))];
}
