// Where a question can be asked. stdin first; when stdin carries data (`printf %s "$T" | fbtok token import
// --token-stdin`) but a person is at the terminal, the controlling terminal (/dev/tty), as git and ssh do.
// stderr must be a terminal too: that is where the question shows, and a run whose stderr goes to a file or
// a pipe (cron, CI, a test harness) is not one a person is watching.
import { closeSync, openSync } from 'node:fs';
import type { Readable } from 'node:stream';

export type PromptInput = 'stdin' | 'controlling-terminal';

export interface TerminalState {
  readonly stdinIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

/** Whether the process has a controlling terminal it can read (ENXIO without one: cron, setsid, CI). */
export function hasControllingTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}

/** stdin when both ends are terminals; the controlling terminal when only stderr is; else none. */
export function promptInput(io: TerminalState, probe: () => boolean = hasControllingTerminal): PromptInput | undefined {
  if (!io.stderrIsTTY) return undefined;
  if (io.stdinIsTTY) return 'stdin';
  return probe() ? 'controlling-terminal' : undefined;
}

/** The controlling terminal as a readable TTY stream; destroy it when done so the process can exit. */
export async function openControllingTerminal(): Promise<Readable & { setRawMode?(mode: boolean): unknown }> {
  const { ReadStream } = await import('node:tty');
  return new ReadStream(openSync('/dev/tty', 'r'));
}
