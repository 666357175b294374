// A fault-injection seam for the crash tests: every write a trainer makes into a run folder passes
// through `writePoint` first. With SEQLAB_TEST_KILL_AT=N in the environment, the process kills itself
// (SIGKILL, as `kill -9` does) just before its Nth write; with SEQLAB_TEST_KILL_TORN=1 as well, a write
// that can be torn (an append to metrics.jsonl) is half done first. Without the variable this is one
// comparison per write. Heartbeats are not write points: they are timed, so their count is not fixed.
const killAt = Number(process.env.SEQLAB_TEST_KILL_AT ?? 0);
const torn = process.env.SEQLAB_TEST_KILL_TORN === '1';
let writes = 0;

/** Called before a write; `tear` writes part of it (for appends), called before the kill when asked. */
export function writePoint(what: string, tear?: () => void): void {
  if (!(killAt > 0)) return;
  writes++;
  if (writes !== killAt) return;
  if (torn && tear) tear();
  process.stderr.write(`seqlab test: killed before write ${writes} (${what})\n`);
  process.kill(process.pid, 'SIGKILL');
}
