// upload() and readFrom() against a real sshd (sshd.ts): both copy methods to a hostile path, the
// skip when the host has the same sha256 (proved by the file's inode and nanosecond mtime, and by
// sshd seeing no new session for a copy), the check on the host that keeps a damaged copy out (a
// lying sha256sum on the remote PATH), progress, abort, and reading a growing log from an offset.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SshShell } from '../../extension/remote/ssh';
import { readFrom, remotePathArg, TransferError, upload, type UploadProgress } from '../../extension/remote/transfer';
import { startSshd, type Sshd } from './sshd';

let sshd: Sshd;
let shell: SshShell;
let local: string;

before(async () => {
  sshd = await startSshd();
  shell = new SshShell(sshd.hostAlias, { configFile: sshd.configFile });
  local = mkdtempSync(join(tmpdir(), 'lxr-transfer-'));
});
after(async () => {
  await shell?.close();
  await sshd?.stop();
  if (local) rmSync(local, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
function dataset(name: string, size: number, seed: number): { path: string; bytes: Buffer } {
  const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) % 251));
  const path = join(local, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}
const stamp = (p: string) => {
  const s = statSync(p, { bigint: true });
  return `${s.ino}:${s.mtimeNs}`;
};

describe('upload', () => {
  for (const method of ['rsync', 'scp'] as const) {
    it(`copies with ${method} to a path with spaces, quotes, $() and backticks, byte-exact, and reports progress`, async () => {
      const { path, bytes } = dataset(`law ${method}.json`, 2_500_000, method.length);
      const remote = join(sshd.dir, `runs it's $(touch x) \`id\` ${method}`, 'data', 'law.json');
      const seen: UploadProgress[] = [];
      const r = await upload(shell, path, remote, { method, onProgress: (p) => seen.push(p) });
      assert.deepEqual(r, { transferred: true, method, sha256: sha(bytes), bytes: bytes.length });
      assert.deepEqual(readFileSync(remote), bytes);
      assert.deepEqual(readdirSync(join(remote, '..')), ['law.json'], 'no temporary copy left beside it');
      assert.ok(!existsSync(join(sshd.dir, 'x')), 'nothing in the name ran');
      const phases = [...new Set(seen.map((p) => p.phase))];
      assert.deepEqual(phases, ['hashing', 'checking', 'copying', 'verifying']);
      assert.ok(seen.every((p) => p.total === bytes.length));
      if (method === 'rsync') assert.ok(seen.some((p) => p.phase === 'copying' && p.bytes === bytes.length), 'rsync reports bytes copied');
    });
  }

  it("rsync gets the shell's options intact through its own -e splitting: a config path with spaces and quotes", async () => {
    const dir = join(local, `cfg it's "here"`);
    mkdirSync(dir);
    const config = join(dir, 'ssh config');
    copyFileSync(sshd.configFile, config);
    const odd = new SshShell(sshd.hostAlias, { configFile: config, reuseConnection: false });
    const { path, bytes } = dataset('odd.json', 1000, 11);
    const remote = join(sshd.dir, 'odd', 'odd.json');
    // With reuse off, rsync's ssh must read this config itself to reach the host at all.
    assert.equal((await upload(odd, path, remote, { method: 'rsync' })).method, 'rsync');
    assert.deepEqual(readFileSync(remote), bytes);
  });

  it('auto picks rsync when both ends have it', async () => {
    const { path } = dataset('auto.json', 1000, 3);
    assert.equal((await upload(shell, path, join(sshd.dir, 'auto', 'auto.json'))).method, 'rsync');
  });

  it('skips the copy when the host already has a file with the same sha256', async () => {
    const { path, bytes } = dataset('same.json', 300_000, 5);
    const remote = join(sshd.dir, 'same', 'same.json');
    assert.equal((await upload(shell, path, remote)).transferred, true);
    const before = stamp(remote);
    // A copy would be a session of its own (rsync/scp run their own ssh): count them in sshd's log.
    const sessions = () => (readFileSync(sshd.logFile, 'utf8').match(/subsystem request|Starting session/g) ?? []).length;
    const sessionsBefore = sessions();
    assert.ok(sessionsBefore > 0, 'sshd logs each session');
    const r = await upload(shell, path, remote);
    assert.deepEqual(r, { transferred: false, sha256: sha(bytes), bytes: bytes.length });
    assert.equal(stamp(remote), before, 'the file was not rewritten');
    assert.equal(sessions() - sessionsBefore, 1, 'only the checking command ran');
    // A different file under the same name is sent.
    writeFileSync(path, Buffer.concat([bytes, Buffer.from('x')]));
    assert.equal((await upload(shell, path, remote)).transferred, true);
    assert.notEqual(stamp(remote), before);
  });

  it('a copy the host hashes differently is refused, removed, and the old file stays', async () => {
    const { path } = dataset('damaged.json', 5000, 7);
    const remote = join(sshd.dir, 'damaged', 'damaged.json');
    writeFileSync(join(sshd.dir, 'placeholder'), 'old');
    await shell.run(`mkdir -p ${join(sshd.dir, 'damaged')} && cp ${join(sshd.dir, 'placeholder')} ${remote}`);
    // A sha256sum on the remote PATH that reports what a damaged transfer would hash to.
    const fake = join(sshd.binDir, 'sha256sum');
    writeFileSync(fake, `#!/bin/sh\nshift\necho "${'0'.repeat(64)}  $1"\n`, { mode: 0o755 });
    try {
      const e = await upload(shell, path, remote).then(
        () => assert.fail('expected a checksum mismatch'),
        (x: unknown) => x,
      );
      assert.ok(e instanceof TransferError);
      assert.equal(e.kind, 'checksum-mismatch');
      assert.ok(e.message.includes('0'.repeat(64)) && e.message.includes(sshd.hostAlias), e.message);
    } finally {
      rmSync(fake);
    }
    assert.equal(readFileSync(remote, 'utf8'), 'old');
    assert.deepEqual(readdirSync(join(sshd.dir, 'damaged')), ['damaged.json']);
  });

  it('an aborted upload rejects with the abort reason', async () => {
    const { path } = dataset('abort.json', 1000, 9);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(upload(shell, path, join(sshd.dir, 'abort', 'a.json'), { signal: controller.signal }), { name: 'AbortError' });
    const mid = new AbortController();
    const p = upload(shell, path, join(sshd.dir, 'abort', 'b.json'), { signal: mid.signal, onProgress: (x) => x.phase === 'copying' && mid.abort() });
    await assert.rejects(p, { name: 'AbortError' });
  });

  it('~/ means the remote home directory', () => {
    assert.equal(remotePathArg('~/lexreview-runs/a b'), 'lexreview-runs/a b');
    assert.equal(remotePathArg('~'), '.');
    assert.equal(remotePathArg('/abs/x'), '/abs/x');
  });
});

describe('readFrom', () => {
  it('returns only the bytes after the offset, counts them, and follows a growing file', async () => {
    const log = join(sshd.dir, "train it's.log");
    writeFileSync(log, "{'loss': 1.2}\n");
    const first = await readFrom(shell, log, 0);
    assert.equal(first.data.toString(), "{'loss': 1.2}\n");
    assert.equal(first.bytesRead, 14);
    assert.equal(first.nextOffset, 14);
    assert.equal(first.exists, true);
    const idle = await readFrom(shell, log, first.nextOffset);
    assert.equal(idle.bytesRead, 0, 'an idle poll reads nothing');
    appendFileSync(log, Buffer.from("{'loss': 0.9}\n二\n"));
    const next = await readFrom(shell, log, idle.nextOffset);
    assert.deepEqual(next.data, Buffer.from("{'loss': 0.9}\n二\n"));
    assert.equal(next.bytesRead, next.data.length);
    assert.equal(next.size, statSync(log).size);
    const capped = await readFrom(shell, log, 0, { maxBytes: 5 });
    assert.equal(capped.data.toString(), "{'los");
    assert.equal(capped.nextOffset, 5);
  });

  it('a file that does not exist yet reads as empty and not existing', async () => {
    const r = await readFrom(shell, join(sshd.dir, 'not-yet.log'), 0);
    assert.deepEqual({ ...r, data: r.data.length }, { data: 0, bytesRead: 0, nextOffset: 0, size: 0, exists: false });
  });

  it('a truncated file shows as a size below the offset', async () => {
    const log = join(sshd.dir, 'rotated.log');
    writeFileSync(log, 'short\n');
    const r = await readFrom(shell, log, 100);
    assert.equal(r.bytesRead, 0);
    assert.ok(r.size < 100);
  });
});
