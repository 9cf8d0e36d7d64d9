// The round-trip figure on the real sshd (sshRoundTrips.ts): an idle poll reads no bytes, every
// reused poll goes over the one master, and a reused connection is faster than a fresh one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { measureRoundTrips } from './sshRoundTrips';
import { startSshd, type Sshd } from './sshd';

let sshd: Sshd;
before(async () => {
  sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

test('polls on a reused connection: one connection, no bytes when idle, faster than fresh connections', async () => {
  const figure = await measureRoundTrips(sshd, 8);
  console.log(`ssh round trips: ${JSON.stringify(figure)}`);
  assert.equal(figure.idlePollBytes, 0);
  assert.equal(figure.reusedConnections, 0, 'the master was already open: no new login');
  assert.ok(figure.minRatio > 1, `fastest fresh / fastest reused = ${figure.minRatio}`);
  assert.ok(figure.pollMinRatio > 1, `fastest fresh / fastest reused poll = ${figure.pollMinRatio}`);
});
