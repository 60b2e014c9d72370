import { connect, type Socket } from 'node:net';
import { waitFor } from '@authstate/test-support';
import { describe, expect, test } from '@jest/globals';
import { type ServeProcess, startServe } from './helpers/cli.js';

const TOKEN = 'timeouts-test-token-0123456789';
// Generous bounds: what is asserted is that the server ends the connection or the process at
// all while the client never stops, not how fast (the limits under test are 1–2 s; every other
// limit that could end the connection is set to an hour, so the bound needs no relation to them).
const BOUND_MS = 180_000;

/** A client that opens a connection, writes `head`, then one more byte every 100 ms until the server closes it. */
interface Dribbler {
  /** Resolves when the server has closed the connection: what it answered, and whether we were still sending. */
  closed: Promise<{ answer: string; stillSending: boolean }>;
  stop(): void;
}

function dribble(url: string, head: string): Dribbler {
  const u = new URL(url);
  const socket: Socket = connect(Number(u.port), u.hostname);
  let answer = '';
  let sending = true;
  socket.setEncoding('utf8').on('data', (d: string) => {
    answer += d;
  });
  socket.on('error', () => {});
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed && socket.writable) socket.write('x');
  }, 100);
  const closed = new Promise<{ answer: string; stillSending: boolean }>((resolve) =>
    socket.on('close', () => {
      const stillSending = sending;
      clearInterval(timer);
      resolve({ answer, stillSending });
    }),
  );
  return {
    closed,
    stop: () => {
      sending = false;
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Resolves to the value, or rejects after `ms` naming what did not happen. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms).unref())]);
}

const putHead = (auth: boolean) =>
  [
    'PUT /v1/entries/slow/x HTTP/1.1',
    'Host: 127.0.0.1',
    ...(auth ? [`Authorization: Bearer ${TOKEN}`] : []),
    'Content-Type: application/json',
    // Below the body limit (16 MiB), so only a timeout or the deadline can end it.
    'Content-Length: 1000000',
    '',
    '',
  ].join('\r\n');

/** Waits until serve (started with --log) has logged the dribbling PUT: its headers are accepted, its body is arriving. */
const inFlight = (srv: ServeProcess) => waitFor('the request in flight', () => srv.stderr().includes('"url":"/v1/entries/slow/x"'));

async function withServe(args: string[], fn: (srv: ServeProcess) => Promise<void>): Promise<void> {
  const srv = await startServe(['--backend', 'memory', ...args], { env: { AUTHSTATE_TOKEN: TOKEN } });
  try {
    await fn(srv);
  } finally {
    srv.child.kill('SIGKILL');
    await srv.exited;
  }
}

describe('oocd serve cannot be held open by a slow client', () => {
  test('a client dribbling a body after its 401 is disconnected (a 401 closes the connection)', async () => {
    // Request and header timeouts of an hour: only the 401's Connection: close can end this.
    await withServe(['--request-timeout', '1h', '--headers-timeout', '1h'], async (srv) => {
      const d = dribble(srv.url, putHead(false));
      const { answer, stillSending } = await within(d.closed, BOUND_MS, 'the server did not close the connection');
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(answer).toMatch(/connection: close/i);
      expect(stillSending).toBe(true);
    });
  }, 600_000);

  test('an authenticated client dribbling its body is cut off by --request-timeout (408)', async () => {
    await withServe(['--request-timeout', '2s', '--headers-timeout', '1s'], async (srv) => {
      const d = dribble(srv.url, putHead(true));
      const { answer, stillSending } = await within(d.closed, BOUND_MS, 'the request timeout did not close the connection');
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(stillSending).toBe(true);
    });
  }, 600_000);

  test('a client sending half its headers is cut off by --headers-timeout', async () => {
    await withServe(['--headers-timeout', '1s'], async (srv) => {
      // The header line never ends: one more byte of it every 100 ms.
      const d = dribble(srv.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      const { answer, stillSending } = await within(d.closed, BOUND_MS, 'the headers timeout did not close the connection');
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(stillSending).toBe(true);
    });
  }, 600_000);

  test('SIGTERM with a request still dribbling in: the process exits at the shutdown deadline, exit 0', async () => {
    // Request and header timeouts of an hour: only the shutdown deadline (2 s) can end this.
    await withServe(['--request-timeout', '1h', '--headers-timeout', '1h', '--shutdown-timeout', '2s', '--log'], async (srv) => {
      const d = dribble(srv.url, putHead(true));
      await inFlight(srv);
      srv.child.kill('SIGTERM');
      const code = await within(srv.exited, BOUND_MS, 'serve did not exit after SIGTERM');
      const { stillSending } = await within(d.closed, BOUND_MS, 'the connection was not closed');
      expect(code).toBe(0);
      expect(stillSending).toBe(true);
      expect(srv.stderr()).toMatch(/SIGTERM: draining requests \(at most 2s\)/);
      expect(srv.stderr()).toMatch(/shutdown deadline \(2s\) reached: closing 1 connection\(s\) still open/);
      expect(srv.stderr()).toMatch(/stopped/);
    });
  }, 600_000);

  test('a second signal during the shutdown ends the process at once', async () => {
    await withServe(['--request-timeout', '1h', '--headers-timeout', '1h', '--shutdown-timeout', '1h', '--log'], async (srv) => {
      const d = dribble(srv.url, putHead(true));
      await inFlight(srv);
      srv.child.kill('SIGTERM');
      await waitFor('the server draining', () => /SIGTERM: draining/.test(srv.stderr()));
      srv.child.kill('SIGINT');
      await within(srv.exited, BOUND_MS, 'serve did not end on the second signal');
      expect(srv.child.signalCode).toBe('SIGINT');
      d.stop();
    });
  }, 600_000);

  test('an idle keep-alive connection does not delay SIGTERM', async () => {
    await withServe(['--shutdown-timeout', '1h', '--keep-alive-timeout', '1h'], async (srv) => {
      const d = dribble(srv.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      d.stop(); // no more bytes: after its answer, the connection just sits there idle
      const idle = connect(Number(new URL(srv.url).port), '127.0.0.1');
      idle.on('error', () => {});
      await new Promise<void>((resolve) => idle.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', () => resolve()));
      await new Promise((r) => idle.once('data', r));
      srv.child.kill('SIGTERM');
      expect(await within(srv.exited, BOUND_MS, 'serve did not exit with an idle connection open')).toBe(0);
      expect(srv.stderr()).not.toMatch(/shutdown deadline/);
      idle.destroy();
    });
  }, 600_000);
});
