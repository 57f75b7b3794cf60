// @polkadot/api against a live dev node: the client most chain users and
// Polkadot-JS Apps go through. It starts `taoflow-node --dev` on free
// loopback ports and checks that the client
//   1. decodes the runtime's metadata (and prints its version);
//   2. reads `TaoflowApi` through `api.call.taoflowApi.*`: eight subnets at
//      equal shares at genesis, emitted shares adding up to exactly 1;
//   3. signs `subnets.addStake` as //Bob, sees it included and decodes its
//      events (StakeAdded, TransactionFeePaid, Taoflow's EmissionSplit);
//   4. reads the block after the stake and hands the SCALE bytes it holds to
//      the f64 reference model (`taoflow-reference deviation`), which finds
//      the chain's S, Q, M and shares where the mechanism puts them; the
//      values the client decoded equal the model's decoding of the bytes;
//   5. gets a stake into an unknown netuid refused with the pallet's error
//      name, `subnets.SubnetNotFound`.
//
//   TAOFLOW_NODE       the node binary (default: $CARGO_TARGET_DIR/debug/taoflow-node)
//   TAOFLOW_REFERENCE  the model's binary (default: next to the node)
//
// Every wait is bounded; on failure the node's last log lines are printed
// (lib.mjs).

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { SHARE_ONE, TAO, connect, modelDeviation, submit, waitFor, withDevNode } from './lib.mjs';

await withDevNode('polkadot-js client checks', async (node) => {
  const api = await connect(node.url);
  const version = api.runtimeVersion;
  console.log(`@polkadot/api: metadata v${api.runtimeMetadata.version} decoded; ` +
    `runtime ${version.specName.toString()} ${version.specVersion.toNumber()}, ` +
    `${api.runtimeMetadata.asLatest.pallets.length} pallets`);
  assert.ok(api.runtimeMetadata.version >= 15, 'runtime APIs need metadata v15 or later');
  assert.ok(api.call.taoflowApi, 'TaoflowApi is in the metadata');

  // Genesis: eight subnets, no flows yet, keep_last with no history = equal.
  await waitFor('block #1', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= 1);
  const genesisSubnets = await api.call.taoflowApi.subnets();
  assert.equal(genesisSubnets.length, 8);
  const emitted = genesisSubnets.map((s) => s.emittedShare.toBigInt());
  assert.equal(emitted.reduce((a, b) => a + b, 0n), SHARE_ONE, 'emitted shares add up to exactly 1');
  for (const share of emitted) assert.ok(share === SHARE_ONE / 8n || share === SHARE_ONE / 8n + 1n);
  const params = await api.call.taoflowApi.params();
  console.log(`taoflowApi.subnets(): ${genesisSubnets.length} subnets, emitted shares ` +
    `${emitted.map((e) => Number(e) / 1e18).join(' / ')}; params: half_life ${params.halfLife.toNumber()}, ` +
    `drought ${params.drought.type}`);

  // A signed stake by //Bob, included, its events decoded.
  const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
  const amount = 1_000n * TAO;
  const staked = await submit(api.tx.subnets.addStake(2, amount), bob);
  assert.ok(!staked.dispatchError, `addStake failed: ${staked.dispatchError}`);
  const names = staked.events.map(({ event }) => `${event.section}.${event.method}`);
  const added = staked.events.find(({ event }) => api.events.subnets.StakeAdded.is(event));
  assert.ok(added, `StakeAdded among ${names}`);
  const [who, netuid, value] = added.event.data;
  assert.equal(who.toString(), bob.address);
  assert.equal(netuid.toNumber(), 2);
  assert.equal(value.toBigInt(), amount);
  const fee = staked.events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  assert.ok(fee, `TransactionFeePaid among ${names}`);
  const header = await api.rpc.chain.getHeader(staked.blockHash);
  const stakeBlock = header.number.toNumber();
  const blockEvents = await (await api.at(staked.blockHash)).query.system.events();
  const split = blockEvents.find(({ event }) => api.events.taoflow.EmissionSplit.is(event));
  assert.ok(split, 'Taoflow.EmissionSplit in the stake\'s block');
  console.log(`subnets.addStake(2, 1,000 TAO) by //Bob in #${stakeBlock}: events ${names.join(', ')}; ` +
    `fee ${Number(fee.event.data.actualFee.toBigInt()) / 1e9} TAO; ` +
    `EmissionSplit ${Number(split.event.data.amount.toBigInt()) / 1e9} TAO over ${split.event.data.subnets.toNumber()} subnets`);

  // The next block folds Bob's flow: the model checks it from the bytes.
  const nextHash = await waitFor(`#${stakeBlock + 1}`, async () => {
    const hash = await api.rpc.chain.getBlockHash(stakeBlock + 1);
    return hash.isEmpty ? undefined : hash;
  });
  const at = await api.at(staked.blockHash);
  const next = await api.at(nextHash);
  const before = await at.call.taoflowApi.subnets();
  const flows = await at.query.taoflow.flowLedger();
  const after = await next.call.taoflowApi.subnets();
  const inForce = await next.call.taoflowApi.params();
  assert.ok(flows.some(([n, f]) => n.toNumber() === 2 && f.toBigInt() === amount), `ledger ${flows}`);
  const report = modelDeviation(inForce.toHex(), before.toHex(), flows.toHex(), after.toHex());
  assert.ok(report.ok, `the chain departs from the model: ${JSON.stringify(report)}`);
  for (const [i, s] of after.entries()) {
    const model = report.after[i];
    assert.equal(s.netuid.toNumber(), model.netuid);
    assert.equal(s.debt.toBigInt(), BigInt(model.debt));
    assert.ok(Math.abs(Number(s.effectiveShare.toBigInt()) / 1e18 - model.effective_share) < 1e-15);
    assert.ok(Math.abs(Number(s.emittedShare.toBigInt()) / 1e18 - model.emitted_share) < 1e-15);
  }
  const subnet2 = after.find((s) => s.netuid.toNumber() === 2);
  console.log(`#${stakeBlock + 1} against the f64 reference model: S, M within ${report.state.toExponential(2)} ` +
    `(relative), Q exact, shares within ${report.shares.toExponential(2)} over ${report.eligible} subnets; ` +
    `subnet 2's effective share ${Number(subnet2.effectiveShare.toBigInt()) / 1e18}`);

  // An unknown netuid: refused with the pallet's error.
  const refused = await submit(api.tx.subnets.addStake(99, TAO), bob);
  assert.ok(refused.dispatchError?.isModule, `expected a module error, got ${refused.dispatchError}`);
  const error = api.registry.findMetaError(refused.dispatchError.asModule);
  assert.equal(`${error.section}.${error.name}`, 'subnets.SubnetNotFound');
  console.log(`subnets.addStake(99, 1 TAO): refused with ${error.section}.${error.name} ("${error.docs.join(' ')}")`);
  await api.disconnect();
});
