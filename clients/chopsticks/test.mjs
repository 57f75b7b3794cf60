// The upgrade rehearsal against a live dev node: //Bob stakes (so Taoflow
// has a flow to fold across the upgrade), then rehearse.mjs forks the node
// with chopsticks, replaces the runtime with the end-to-end tests' upgrade
// blob (the same runtime with spec_version + 1) and checks three blocks on
// it. UPGRADE_WASM overrides the blob.
import { join } from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { TAO, submit, targetDir, withDevNode } from '../common.mjs';
import { rehearse } from './rehearse.mjs';

const wasm = process.env.UPGRADE_WASM ??
  join(targetDir, 'debug/wbuild/taoflow-runtime/upgrade_wasm_binary.rs.compact.compressed.wasm');

await withDevNode('upgrade rehearsal', async (node) => {
  const api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
  const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
  const staked = await submit(api.tx.subnets.addStake(2, 1_000n * TAO), bob);
  if (staked.dispatchError) throw new Error(`addStake: ${staked.dispatchError}`);
  await api.disconnect();
  await rehearse({ endpoint: node.url, wasm, blocks: 3 });
});
