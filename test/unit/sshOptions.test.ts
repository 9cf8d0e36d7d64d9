// The options LexReview gives ssh, read back through the real `ssh -G` (what ssh will actually
// do): batch mode, reuse with a short private control path, keep-alives, and host-key checking
// left exactly as the user's config has it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { controlPath, sshOptionArgs } from '../../extension/remote/sshOptions';

const dir = mkdtempSync(join(tmpdir(), 'lxr-opts-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const config = join(dir, 'config');
writeFileSync(config, 'Host gpu\n  HostName 10.1.2.3\n  User trainer\n');
const resolved = (args: string[]) => {
  const out = execFileSync('ssh', [...args, '-G', 'gpu']).toString();
  return Object.fromEntries(out.split('\n').filter(Boolean).map((l) => [l.split(' ')[0], l.slice(l.indexOf(' ') + 1)]));
};

test('ssh sees batch mode, reuse, keep-alives and a connect timeout; never a weakened host-key check', () => {
  const args = sshOptionArgs({ configFile: config });
  assert.ok(!args.some((a) => /stricthostkeychecking/i.test(a)));
  const g = resolved(args);
  assert.equal(g.hostname, '10.1.2.3');
  assert.equal(g.batchmode, 'yes');
  assert.equal(g.controlmaster, 'auto');
  assert.equal(g.controlpersist, '60');
  assert.equal(g.serveraliveinterval, '15');
  assert.equal(g.serveralivecountmax, '3');
  assert.equal(g.connecttimeout, '15');
  assert.equal(g.stricthostkeychecking, 'ask', "the user's default, which batch mode turns into a refusal");
  writeFileSync(join(dir, 'strict'), 'Host gpu\n  StrictHostKeyChecking yes\n');
  assert.equal(resolved(sshOptionArgs({ configFile: join(dir, 'strict') })).stricthostkeychecking, 'true');
});

test('the control socket lives in a private folder, with a path short enough for a Unix socket', () => {
  const g = resolved(sshOptionArgs({ configFile: config }));
  // ssh adds a 17-byte temporary suffix while it binds; sun_path holds 104 bytes on macOS, 108 on Linux.
  assert.ok(g.controlpath.length + 17 < 104, g.controlpath);
  assert.match(g.controlpath, /\/[0-9a-f]{40}\.[0-9a-f]{8}$/);
  assert.equal(statSync(dirname(g.controlpath)).mode & 0o777, 0o700);
});

test('masters made under different config files or for different aliases are kept apart; reuse can be turned off', () => {
  assert.notEqual(controlPath({ configFile: config }), controlPath({ configFile: join(dir, 'strict') }));
  assert.equal(controlPath({ configFile: config }), controlPath({ configFile: config }));
  // Two aliases of one address (another IdentityFile, another known_hosts) get masters of their own.
  assert.notEqual(controlPath({ configFile: config }, 'gpu-a'), controlPath({ configFile: config }, 'gpu-b'));
  const off = sshOptionArgs({ configFile: config, reuseConnection: false });
  assert.ok(!off.some((a) => /^Control/.test(a)));
  assert.equal(resolved(off).controlmaster, 'false');
});
