// Rehearses a runtime upgrade on the forked state of a running node, before
// `sudo(set_code)` is sent to the real chain:
//
//   clients/chopsticks/node_modules/.bin/node clients/chopsticks/rehearse.mjs \
//     --endpoint ws://127.0.0.1:9944 --wasm NEW.compact.compressed.wasm [--blocks 3]
//
// (`scripts/rehearse-upgrade.sh ENDPOINT WASM` runs it after the set-up.)
// Chopsticks forks the node at its best block and replaces the runtime with
// the new wasm; each block it then builds runs the new runtime, and the
// first runs the migrations (`on_runtime_upgrade`). The rehearsal checks
// that
//   - the fork runs the new spec version, and `System::LastRuntimeUpgrade`
//     says the upgrade's migrations ran;
//   - every subnet Taoflow tracked before is tracked after, with its state;
//   - in every block built, Taoflow's smoothed flows, debts, matured signals
//     and shares are where the f64 reference model puts them
//     (`taoflow-reference deviation` on the bytes read from the fork).
// It prints what it found and exits 1 on the first failed check.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { freePort, modelDeviation, portOpen, waitFor } from '../common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const chopsticksBin = join(here, 'node_modules/@acala-network/chopsticks/chopsticks.cjs');

/** The model's verdict on one block of `api`: `parent` → `hash`. */
async function checkBlock(api, parent, hash) {
  const [at, before] = [await api.at(hash), await api.at(parent)];
  return modelDeviation(
    (await at.call.taoflowApi.params()).toHex(),
    (await before.call.taoflowApi.subnets()).toHex(),
    (await before.query.taoflow.flowLedger()).toHex(),
    (await at.call.taoflowApi.subnets()).toHex(),
  );
}

/**
 * Forks `endpoint` at its best block with chopsticks, replaces the runtime
 * with `wasm`, builds `blocks` blocks and checks each (see above).
 */
export async function rehearse({ endpoint, wasm, blocks = 3, log = console.log }) {
  const upstream = await ApiPromise.create({ provider: new WsProvider(endpoint), noInitWarn: true });
  const head = await upstream.rpc.chain.getHeader();
  const oldVersion = upstream.runtimeVersion.specVersion.toNumber();
  const tracked = (await (await upstream.at(head.hash)).call.taoflowApi.subnets()).map((s) => s.netuid.toNumber());
  await upstream.disconnect();

  const port = await freePort();
  const output = [];
  const chopsticks = spawn(process.execPath, [chopsticksBin, '--endpoint', endpoint, '--block', String(head.number.toNumber()),
    '--wasm-override', wasm, '--port', String(port), '--build-block-mode', 'Manual'], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [chopsticks.stdout, chopsticks.stderr]) {
    stream.on('data', (chunk) => output.push(...chunk.toString().split('\n').filter(Boolean)));
  }
  let fork;
  try {
    await waitFor('chopsticks to serve the fork', async () => {
      if (chopsticks.exitCode !== null) throw new Error(`chopsticks exited:\n${output.slice(-20).join('\n')}`);
      return portOpen(port);
    }, 180_000).catch((e) => {
      throw new Error(`${e.message}\n${output.slice(-20).join('\n')}`);
    });
    fork = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${port}`), noInitWarn: true });
    log(`forked ${endpoint} at #${head.number.toNumber()} (spec ${oldVersion}, ${tracked.length} subnets tracked); runtime replaced by ${wasm}`);
    let parent = head.hash;
    for (let i = 1; i <= blocks; i += 1) {
      await fork.rpc('dev_newBlock', {});
      const newHead = await fork.rpc.chain.getHeader();
      const at = await fork.at(newHead.hash);
      if (i === 1) {
        const version = await fork.rpc.state.getRuntimeVersion(newHead.hash);
        const upgrade = (await at.query.system.lastRuntimeUpgrade()).unwrap();
        assert.ok(version.specVersion.toNumber() > oldVersion, `spec ${version.specVersion} after ${oldVersion}`);
        assert.equal(upgrade.specVersion.toNumber(), version.specVersion.toNumber(), 'the migrations ran');
        const after = (await at.call.taoflowApi.subnets()).map((s) => s.netuid.toNumber());
        assert.deepEqual(after, tracked, 'every tracked subnet is still tracked');
        log(`#${newHead.number.toNumber()}: the new runtime, spec ${version.specVersion.toNumber()}; ` +
          `System.LastRuntimeUpgrade = ${upgrade.specVersion.toNumber()} (the migrations ran); ${after.length} subnets still tracked`);
      }
      const report = await checkBlock(fork, parent, newHead.hash);
      assert.ok(report.ok, `#${newHead.number.toNumber()} departs from the model: ${JSON.stringify(report)}`);
      log(`#${newHead.number.toNumber()} against the reference model: S, M within ${report.state.toExponential(2)} ` +
        `(relative), Q exact, shares within ${report.shares.toExponential(2)} over ${report.eligible} subnets`);
      parent = newHead.hash;
    }
    log(`rehearsal passed: ${blocks} blocks on the new runtime`);
  } finally {
    await fork?.disconnect().catch(() => {});
    chopsticks.kill('SIGKILL');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const endpoint = arg('endpoint') ?? 'ws://127.0.0.1:9944';
  const wasm = arg('wasm');
  if (!wasm) {
    console.error('usage: rehearse.mjs --endpoint ws://HOST:PORT --wasm NEW.compact.compressed.wasm [--blocks N]');
    process.exit(2);
  }
  try {
    await rehearse({ endpoint, wasm, blocks: Number(arg('blocks') ?? 3) });
    process.exit(0);
  } catch (e) {
    console.error(e);
    process.exit(1);
  }
}
