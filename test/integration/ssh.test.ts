// SshShell against a real sshd on loopback (sshd.ts): commands, stdin, exit codes (a command's own
// 255 included), hostile words reaching the host as data, every refusal the user must see (unknown
// and changed host keys, wrong key, closed port, no ssh), connection reuse, a master killed under a
// running command, timeout and abort.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellCommand, shellQuote } from '../../extension/core/training/shellQuote';
import { RemoteError } from '../../extension/remote/shell';
import { SshShell } from '../../extension/remote/ssh';
import { freePort, waitFor } from './processes';
import { startSshd, type Sshd } from './sshd';

let sshd: Sshd;
const shells: SshShell[] = [];
const shell = (configFile = sshd.configFile, extra: ConstructorParameters<typeof SshShell>[1] = {}) => {
  const s = new SshShell(sshd.hostAlias, { configFile, ...extra });
  shells.push(s);
  return s;
};

// Remote commands a test leaves running when it cuts its ssh off (no tty: nothing hangs them up),
// killed by their pid when the tests end. sshd is on this machine, so the pid is a local one.
const pidFiles: string[] = [];
/** A remote `sleep` that writes its pid first: the file appearing says the command runs. */
function remoteSleep(seconds: number): { command: string; started: string } {
  const started = join(sshd.dir, `sleep-${pidFiles.length}.pid`);
  pidFiles.push(started);
  return { command: `sh -c ${shellQuote(`echo $$ > ${shellQuote(started)}; exec sleep ${seconds}`)}`, started };
}

before(async () => {
  sshd = await startSshd();
});
after(async () => {
  for (const file of pidFiles) {
    try {
      process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
    } catch {
      // never started, or already gone
    }
  }
  for (const s of shells) await s.close();
  await sshd?.stop();
});


async function refusal(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => assert.fail('expected a RemoteError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof RemoteError, String(error));
  return error;
}

describe('commands', () => {
  it('returns stdout as bytes, stderr and the exit code', async () => {
    const r = await shell().run('printf "out\\n"; printf "err\\n" >&2; exit 3');
    assert.equal(r.code, 3);
    assert.equal(r.stdout.toString(), 'out\n');
    assert.equal(r.stderr, 'err\n');
  });

  it("passes on a command's own exit 255 without mistaking it for ssh's, even with ssh-like stderr", async () => {
    const r = await shell().run('echo "root@127.0.0.1: Permission denied (publickey)." >&2; echo "ssh: connect to host x port 22: Connection refused" >&2; exit 255');
    assert.equal(r.code, 255);
    assert.match(r.stderr, /Permission denied \(publickey\)\.\nssh: connect/);
  });

  it('writes stdin byte-exact and returns binary stdout byte-exact', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => i % 256));
    const r = await shell().run('cat', { stdin: bytes });
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout, bytes);
    const text = await shell().run('wc -l', { stdin: '一\n二\n' });
    assert.equal(text.stdout.toString().trim(), '2');
  });

  it('runs a command that starts with a parenthesis, has a here-document or ends in a comment', async () => {
    const r = await shell().run('(echo a)\ncat <<EOF\nb $((1+1))\nEOF\necho c # trailing comment');
    assert.equal(r.stdout.toString(), 'a\nb 2\nc\n');
  });
});

describe('injection', () => {
  const canary = () => join(sshd.dir, 'canary');
  const hostile = () => [
    'a b',
    "it's",
    '"double"',
    `$(touch ${canary()}/dollar)`,
    `\`touch ${canary()}/backtick\``,
    `x; touch ${canary()}/semicolon`,
    `x\ntouch ${canary()}/newline`,
    `' ; touch ${canary()}/quote ; '`,
    `x && touch ${canary()}/and | cat`,
    '$HOME ~ * ?',
    '-n',
    '',
    '问题 $((1+1))',
  ];

  it('words with spaces, quotes, $(), backticks, ; and newlines reach the host as data, byte-exact, and nothing runs', async () => {
    const s = shell();
    await s.run(shellCommand(['mkdir', '-p', canary()]));
    const words = hostile();
    const r = await s.run(shellCommand(['printf', '%s\\0', ...words]));
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout.toString().split('\0').slice(0, -1), words);
    assert.deepEqual(readdirSync(canary()), [], 'no hostile word ran');
  });

  it('paths made of hostile names are created, listed and read back as exactly those names', async () => {
    const s = shell();
    const root = mkdtempSync(join(sshd.dir, 'names-'));
    const names = hostile().filter((w) => w !== '' && !w.includes('/') && w !== '-n');
    for (const name of names) {
      const path = `${root}/${name}`;
      const w = await s.run(`mkdir -p -- ${shellQuote(path)} && printf '%s' ${shellQuote(name)} > ${shellQuote(`${path}/file`)}`);
      assert.equal(w.code, 0, w.stderr);
      assert.equal(readFileSync(join(root, name, 'file'), 'utf8'), name);
    }
    assert.deepEqual(readdirSync(root).sort(), [...names].sort());
    assert.deepEqual(readdirSync(canary()), []);
  });
});

describe('refusals', () => {
  it('an unknown host key is refused, naming the host and the fingerprint the server offers; nothing is written to known_hosts', async () => {
    const config = sshd.clientConfig({ knownHosts: 'empty' });
    const known = readFileSync(config, 'utf8').match(/UserKnownHostsFile (\S+)/)![1];
    const e = await refusal(shell(config).run('touch /tmp/should-not-run'));
    assert.equal(e.kind, 'host-key-unknown');
    assert.equal(e.host, sshd.hostAlias);
    assert.ok(e.message.includes(sshd.hostAlias), e.message);
    assert.ok(e.message.includes(sshd.hostKeyFingerprint), e.message);
    assert.ok(e.message.includes(`ssh ${sshd.hostAlias}`), 'tells the user to connect once in a terminal');
    assert.equal(readFileSync(known, 'utf8'), '', 'the key was not accepted');
  });

  it('a changed host key is refused with the new fingerprint, even while a good master to the same host is up', async () => {
    const good = shell();
    assert.equal((await good.run('true')).code, 0);
    const config = sshd.clientConfig({ knownHosts: 'wrong' });
    const before = readFileSync(config, 'utf8');
    const e = await refusal(shell(config).run('true'));
    assert.equal(e.kind, 'host-key-changed');
    assert.ok(e.message.includes(sshd.hostKeyFingerprint), e.message);
    assert.ok(e.message.includes(sshd.hostAlias), e.message);
    assert.match(e.detail, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.equal(readFileSync(config, 'utf8'), before);
  });

  it('a key the server does not accept is auth-failed', async () => {
    const e = await refusal(shell(sshd.clientConfig({ identity: 'unauthorized' })).run('true'));
    assert.equal(e.kind, 'auth-failed');
    assert.ok(e.message.includes(sshd.hostAlias));
  });

  it('a closed port is unreachable', async () => {
    const e = await refusal(shell(sshd.clientConfig({ port: await freePort() })).run('true'));
    assert.equal(e.kind, 'unreachable');
    assert.ok(e.message.includes(sshd.hostAlias));
    assert.match(e.message, /Connection refused/);
  });

  it('a missing ssh program is ssh-missing', async () => {
    const e = await refusal(shell(sshd.configFile, { sshCommand: join(sshd.dir, 'no-such-ssh') }).run('true'));
    assert.equal(e.kind, 'ssh-missing');
  });
});

describe('connection reuse', () => {
  it('several commands go over one master connection: sshd authenticates once', async () => {
    // A config of its own, so no master from another test serves it.
    const s = shell(sshd.clientConfig());
    const accepted = sshd.acceptedConnections();
    for (let i = 0; i < 4; i++) assert.equal((await s.run(`echo ${i}`)).stdout.toString(), `${i}\n`);
    const state = await s.control();
    assert.equal(state.running, true);
    assert.ok(state.pid! > 0);
    assert.equal(sshd.acceptedConnections() - accepted, 1);
    await s.close();
    assert.equal((await s.control()).running, false);
  });

  it('without reuse, every command is a new login', async () => {
    const s = shell(sshd.clientConfig(), { reuseConnection: false });
    const accepted = sshd.acceptedConnections();
    for (let i = 0; i < 3; i++) await s.run('true');
    assert.equal(sshd.acceptedConnections() - accepted, 3);
  });

  it('a master killed under a running command fails that command as a lost connection; the next run() reconnects', async () => {
    const s = shell(sshd.clientConfig());
    const sleep = remoteSleep(30);
    await s.run('true');
    const { pid } = await s.control();
    const accepted = sshd.acceptedConnections();
    const running = s.run(sleep.command);
    await waitFor('the command to start', 10_000, () => existsSync(sleep.started) && readFileSync(sleep.started, 'utf8').endsWith('\n'));
    process.kill(pid!, 'SIGKILL');
    const e = await refusal(running);
    assert.equal(e.kind, 'unreachable');
    const again = await s.run('echo back');
    assert.equal(again.stdout.toString(), 'back\n');
    const state = await s.control();
    assert.equal(state.running, true);
    assert.notEqual(state.pid, pid);
    assert.equal(sshd.acceptedConnections() - accepted, 1, 'one new connection');
  });
});

describe('timeout and abort', () => {
  it('a command past its timeout is a timeout RemoteError, soon', async () => {
    const s = shell();
    await s.run('true');
    const t = Date.now();
    const e = await refusal(s.run(remoteSleep(20).command, { timeoutMs: 500 }));
    assert.equal(e.kind, 'timeout');
    assert.ok(Date.now() - t < 5000);
    assert.ok(e.message.includes(sshd.hostAlias));
  });

  it('an abort stops the local ssh and rejects with the abort reason; an aborted signal never connects', async () => {
    const s = shell();
    const sleep = remoteSleep(20);
    const controller = new AbortController();
    const running = s.run(sleep.command, { signal: controller.signal });
    await waitFor('the command to start', 10_000, () => existsSync(sleep.started));
    const t = Date.now();
    controller.abort();
    await assert.rejects(running, { name: 'AbortError' });
    assert.ok(Date.now() - t < 5000);
    await assert.rejects(s.run('true', { signal: controller.signal }), { name: 'AbortError' });
    assert.equal((await s.run('echo fine')).stdout.toString(), 'fine\n', 'the shell still works');
  });
});

describe('harness', () => {
  it('binDir is on the PATH of remote sessions, ahead of the system folders', async () => {
    const s = shell();
    await s.run(`printf '#!/bin/sh\\necho fake "$@"\\n' > ${shellQuote(join(sshd.binDir, 'lexreview-fake-tool'))} && chmod +x ${shellQuote(join(sshd.binDir, 'lexreview-fake-tool'))}`);
    assert.equal((await s.run('lexreview-fake-tool a')).stdout.toString(), 'fake a\n');
    const path = (await s.run('printf %s "$PATH"')).stdout.toString().split(':');
    assert.ok(path.indexOf(sshd.binDir) >= 0 && path.indexOf(sshd.binDir) < path.indexOf('/usr/bin'), path.join(':'));
  });
});
