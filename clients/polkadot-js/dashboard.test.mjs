// The dashboard (dashboard/) in headless Chromium against a live dev node:
// it starts a dev node and the dashboard's server on free loopback ports,
// opens the page, and checks that
//   1. it shows the eight genesis subnets with the runtime API's shares;
//   2. after //Bob's signed `addStake` the page shows the block after it
//      within two blocks, and every subnet's emitted and effective share,
//      smoothed flow, debt and signal, the block's emission and the pending
//      flow equal what `TaoflowApi` and the chain return for that block
//      (compared exactly, through the raw integers the page keeps);
//   3. the parameters and the share and flow charts are drawn;
//   4. after Root puts faster parameters in force and three more accounts
//      stake, the page shows the shares moving (the screenshot's state).
// It saves a screenshot (SCREENSHOT, default a temporary file; the README's
// is docs/dashboard.png).
//
//   CHROMIUM  the browser (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { Keyring } from '@polkadot/api';
import { serve } from '../../dashboard/serve.mjs';
import { TAO, connect, submit, waitFor, withDevNode } from './lib.mjs';

const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const screenshot = process.env.SCREENSHOT ?? join(tmpdir(), 'taoflow-dashboard.png');

/** What the page shows, as the raw integers it keeps. */
function pageState(page) {
  return page.evaluate(() => ({
    block: Number(document.body.dataset.block ?? 0),
    emission: document.getElementById('emission').dataset.raw ?? '',
    rows: [...document.querySelectorAll('#subnets tbody tr')].map((tr) => {
      const raw = (cls) => tr.querySelector(`td.${cls}`).dataset.raw;
      return {
        netuid: Number(tr.dataset.netuid),
        emitted: raw('emitted'), effective: raw('effective'), ema: raw('ema'), debt: raw('debt'),
        signal: raw('signal'), flow: raw('flow'),
      };
    }),
    params: document.querySelectorAll('#params tr').length,
    lines: document.querySelectorAll('#share-chart polyline').length + document.querySelectorAll('#flow-chart polyline').length,
  }));
}

await withDevNode('dashboard checks', async (node) => {
  const server = await serve(0);
  const profile = mkdtempSync(join(tmpdir(), 'taoflow-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const api = await connect(node.url);
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1100 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.port}/?rpc=${encodeURIComponent(node.url)}`);

    // Genesis subnets on the page, equal to the runtime API at the page's block.
    const first = await waitFor('the page to show the subnets', async () => {
      const state = await pageState(page);
      return state.block >= 1 && state.rows.length === 8 ? state : undefined;
    });
    const genesis = await (await api.at(await api.rpc.chain.getBlockHash(first.block))).call.taoflowApi.subnets();
    assert.deepEqual(first.rows.map((r) => r.emitted), genesis.map((s) => s.emittedShare.toString()));
    console.log(`dashboard at #${first.block}: ${first.rows.length} subnets, emitted shares equal to TaoflowApi's`);

    // A stake by //Bob, then the block after it: on the page within two blocks.
    const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
    const staked = await submit(api.tx.subnets.addStake(2, 1_000n * TAO), bob);
    assert.ok(!staked.dispatchError, `addStake failed: ${staked.dispatchError}`);
    const stakeBlock = (await api.rpc.chain.getHeader(staked.blockHash)).number.toNumber();
    const target = stakeBlock + 1;
    const shown = await waitFor(`the page to show #${target}`, async () => {
      const state = await pageState(page);
      return state.block >= target ? state : undefined;
    }, 2 * 3_000 + 5_000);
    const hash = await api.rpc.chain.getBlockHash(shown.block);
    const at = await api.at(hash);
    const [subnets, events, ledger] = await Promise.all([
      at.call.taoflowApi.subnets(), at.query.system.events(), at.query.taoflow.flowLedger(),
    ]);
    const split = events.find(({ event }) => api.events.taoflow.EmissionSplit.is(event));
    assert.equal(shown.emission, split.event.data.amount.toString(), 'the block emission');
    const flows = new Map(ledger.map(([n, f]) => [n.toNumber(), f.toString()]));
    for (const [i, s] of subnets.entries()) {
      const row = shown.rows[i];
      const want = {
        netuid: s.netuid.toNumber(), emitted: s.emittedShare.toString(), effective: s.effectiveShare.toString(),
        ema: s.ema.toBigInt().toString(), debt: s.debt.toString(), signal: s.signal.toBigInt().toString(),
        flow: flows.get(s.netuid.toNumber()) ?? '0',
      };
      assert.deepEqual(row, want, `subnet ${want.netuid} at #${shown.block}`);
    }
    const row2 = shown.rows.find((r) => r.netuid === 2);
    assert.ok(BigInt(row2.ema) > 0n, 'subnet 2 has a positive smoothed flow after the stake');
    assert.equal(shown.params, 12, 'twelve parameters shown');
    assert.equal(shown.lines, 16, 'a share line and a flow line per subnet');
    assert.deepEqual(errors, [], 'no page errors');
    console.log(`stake in #${stakeBlock}; the page showed #${shown.block} (${shown.block - stakeBlock} block(s) later) ` +
      `with every figure equal to the chain's: subnet 2 effective share ${Number(row2.effective) / 1e18}, ` +
      `S ${Number(BigInt(row2.ema)) / 2 ** 48 / 1e9} TAO/block; emission ${Number(shown.emission) / 1e9} TAO`);
    // For the picture: Root puts faster parameters in force (half-life 10
    // blocks, maturity and gate off, β = 20%), three more accounts stake
    // into three subnets, and the page draws the shares moving.
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const fast = { ...(await api.call.taoflowApi.params()).toJSON(), halfLife: 10, maturityHalfLife: 0,
      minSignal: 0, smoothing: 200_000_000_000_000_000n, emaFloor: null };
    const sudo = await submit(api.tx.sudo.sudo(api.tx.taoflow.setParams(fast)), alice);
    const sudid = sudo.events.find(({ event }) => api.events.sudo.Sudid.is(event));
    assert.ok(sudid?.event.data[0].isOk, `set_params through sudo: ${sudid?.event.data[0]}`);
    const stakers = [['//Charlie', 3, 3_000n], ['//Dave', 5, 1_500n], ['//Eve', 6, 600n]];
    await Promise.all(stakers.map(([uri, netuid, amount]) =>
      submit(api.tx.subnets.addStake(netuid, amount * TAO), new Keyring({ type: 'sr25519' }).addFromUri(uri))));
    const last = await waitFor('twelve more blocks on the page', async () => {
      const state = await pageState(page);
      return state.block >= shown.block + 12 ? state : undefined;
    }, 60_000);
    const moved = last.rows.filter((r) => BigInt(r.emitted) !== 125_000_000_000_000_000n).map((r) => r.netuid);
    assert.ok(moved.length >= 3, `shares moved on the page: ${moved}`);
    console.log(`after faster parameters and three more stakes, #${last.block}: emitted shares ` +
      last.rows.map((r) => `${r.netuid}: ${(Number(r.emitted) / 1e16).toFixed(2)}%`).join(', '));
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  } finally {
    await api.disconnect();
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
