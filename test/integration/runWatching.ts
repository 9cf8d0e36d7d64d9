// What the remote-training tests share: shells on the test sshd, closed at the end, and polling a
// run until a condition holds (with a deadline, never a fixed wait).
import type { RunWatch, WatchUpdate } from '../../extension/remote/runWatch';
import { SshShell } from '../../extension/remote/ssh';
import type { Sshd } from './sshd';

/** `open()` makes a shell on the sshd `get()` returns; `closeAll()` ends their connections. */
export function testShells(get: () => Sshd): { open(): SshShell; closeAll(): Promise<void> } {
  const shells: SshShell[] = [];
  return {
    open() {
      const s = new SshShell(get().hostAlias, { configFile: get().configFile });
      shells.push(s);
      return s;
    },
    async closeAll() {
      for (const s of shells.splice(0)) await s.close();
    },
  };
}

/** Polls until `done` holds for an update (or the deadline passes, with `context()` in the error); returns every update seen. */
export async function watchUntil(watch: RunWatch, done: (u: WatchUpdate) => boolean, deadlineMs = 30_000, context: () => string = () => ''): Promise<WatchUpdate[]> {
  const updates: WatchUpdate[] = [];
  const end = Date.now() + deadlineMs;
  for (;;) {
    const u = await watch.poll();
    updates.push(u);
    if (done(u)) return updates;
    if (Date.now() > end) throw new Error(`run ${watch.name} still ${u.state.state} after ${deadlineMs} ms\n${context()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
