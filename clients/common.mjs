// Shared by the client tests (whatever client library they test): a dev
// node on free loopback ports, bounded waits, the binaries they use, and
// signed submission for an @polkadot/api transaction.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TAO = 1_000_000_000n;
export const SHARE_ONE = 10n ** 18n;
export const TIMEOUT_MS = 120_000;

/** The workspace's cargo target dir (scripts/setup.sh's default). */
export const targetDir = process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/taoflow/target');
/** The node binary: TAOFLOW_NODE, or the workspace's debug build. */
export const nodeBin = process.env.TAOFLOW_NODE ?? join(targetDir, 'debug/taoflow-node');
/** The reference model's binary: TAOFLOW_REFERENCE, or next to the node. */
export const referenceBin = process.env.TAOFLOW_REFERENCE ?? join(targetDir, 'debug/taoflow-reference');

/**
 * The reference model's verdict on one block (`taoflow-reference deviation`):
 * each argument is the SCALE encoding in hex of the parameters in force in
 * the later block, the subnets after the earlier and the later block, and
 * the flow ledger at the end of the earlier block.
 */
export function modelDeviation(params, before, flows, after) {
  return JSON.parse(execFileSync(referenceBin, ['deviation', params, before, flows, after]).toString());
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function portOpen(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves with `f()`'s value once it is truthy; rejects after `ms`. */
export async function waitFor(what, f, ms = TIMEOUT_MS) {
  const start = Date.now();
  for (;;) {
    const value = await f().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts `taoflow-node --dev` with a temporary base path and free RPC and P2P
 * ports, and waits until its RPC answers. `stop()` kills it and removes the
 * base path; `log` holds what it printed.
 */
export async function startDevNode() {
  const base = mkdtempSync(join(tmpdir(), 'taoflow-client-'));
  const rpcPort = await freePort();
  const log = [];
  const child = spawn(
    nodeBin,
    ['--dev', '--base-path', base, '--rpc-port', String(rpcPort), '--port', String(await freePort()),
      '--no-prometheus', '--no-telemetry', '--no-mdns'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr.on('data', (chunk) => log.push(...chunk.toString().split('\n').filter(Boolean)));
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  };
  // The RPC answers over HTTP first, so the websocket client connects once.
  await waitFor('the node\'s RPC', async () => {
    const response = await fetch(`http://127.0.0.1:${rpcPort}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
    });
    return response.ok;
  }).catch((e) => {
    stop();
    throw new Error(`${e.message}\n${log.slice(-30).join('\n')}`);
  });
  return { rpcPort, url: `ws://127.0.0.1:${rpcPort}`, log, stop };
}

/** Signs and submits `tx`; resolves with the block hash and events once it is in a block. */
export function submit(tx, signer) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('extrinsic not included in time')), TIMEOUT_MS);
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (status.isInBlock) {
        clearTimeout(timer);
        resolve({ blockHash: status.asInBlock, events, dispatchError });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        clearTimeout(timer);
        reject(new Error(`extrinsic ${status.type}`));
      }
    }).catch((e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/**
 * Runs `body(node)` against a fresh dev node and exits: 0 when it
 * succeeds, 1 (after the node's last log lines) when it throws.
 */
export async function withDevNode(name, body) {
  let node;
  let failed = false;
  try {
    node = await startDevNode();
    await body(node);
    console.log(`${name}: ok`);
  } catch (e) {
    failed = true;
    if (node) console.error(`node log (last 30 lines):\n${node.log.slice(-30).join('\n')}`);
    console.error(e);
  } finally {
    node?.stop();
  }
  process.exit(failed ? 1 : 0);
}
