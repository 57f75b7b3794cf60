// The Taoflow dashboard: connects to a node's RPC (`?rpc=ws://host:port`,
// default ws://127.0.0.1:9944) with @polkadot/api's browser bundle and, at
// every new block, reads `TaoflowApi::subnets` and `params`, the block's
// events (EmissionSplit, Drought) and the flow ledger, then redraws the
// table, the charts over the last WINDOW blocks and the parameters.
//
// Every figure shown is also in a `data-` attribute as the raw integer the
// runtime returned (parts of 10^18 for shares, base units for amounts), so
// the browser test compares the page with the runtime API exactly.
'use strict';

const WINDOW = 120;
const TAO = 1e9;
const SHARE_ONE = 1e18;
const FLOW_ONE = 2 ** 48; // SmoothedFlow: i128 with 48 fractional bits.
const COLOURS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700', '#1b7c83', '#e16f24',
  '#6e7781', '#a475f9', '#4ac26b', '#ff8182', '#54aeff'];

const rpc = new URLSearchParams(location.search).get('rpc') || 'ws://127.0.0.1:9944';
const history = []; // { number, shares: Map(netuid → f), flows: Map(netuid → S in TAO/block) }
const $ = (id) => document.getElementById(id);
document.getElementById('rpc').textContent = rpc;
for (const w of document.querySelectorAll('.window')) w.textContent = WINDOW;

const colour = (netuid) => COLOURS[(netuid - 1) % COLOURS.length];
const pct = (parts) => `${(Number(parts) / SHARE_ONE * 100).toFixed(4)}%`;
const tao = (units, digits = 6) => (Number(units) / TAO).toLocaleString('en', { maximumFractionDigits: digits });
const flowTao = (bits) => Number(bits) / FLOW_ONE / TAO;

function cell(text, raw, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (raw !== undefined) td.dataset.raw = String(raw);
  if (cls) td.className = cls;
  return td;
}

function drawTable(subnets, emission, flows) {
  const body = $('subnets').tBodies[0];
  body.replaceChildren();
  for (const s of subnets) {
    const netuid = s.netuid.toNumber();
    const emitted = s.emittedShare.toBigInt();
    const tr = document.createElement('tr');
    tr.dataset.netuid = netuid;
    if (!s.eligible.isTrue) tr.className = 'ineligible';
    const first = cell('', netuid, 'netuid');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colour(netuid);
    first.append(swatch, String(netuid));
    const amount = emission === null ? null : (emission * emitted) / BigInt(SHARE_ONE);
    const flow = flows.get(netuid) ?? 0n;
    tr.append(
      first,
      cell(pct(emitted), emitted, 'emitted'),
      cell(pct(s.effectiveShare.toBigInt()), s.effectiveShare.toBigInt(), 'effective'),
      cell(amount === null ? '–' : tao(amount), amount ?? '', 'amount'),
      cell(flowTao(s.ema.toBigInt()).toFixed(6), s.ema.toBigInt(), 'ema'),
      cell(tao(s.debt.toBigInt(), 3), s.debt.toBigInt(), 'debt'),
      cell(flowTao(s.matured.toBigInt()).toFixed(6), s.matured.toBigInt(), 'matured'),
      cell(flowTao(s.signal.toBigInt()).toFixed(6), s.signal.toBigInt(), 'signal'),
      cell(flow === 0n ? '' : tao(flow, 3), flow, 'flow'),
      cell(s.eligible.isTrue ? 'yes' : 'no', s.eligible.isTrue, 'eligible'),
    );
    body.append(tr);
  }
}

function drawChart(svg, key, format) {
  const W = 600, H = 220, left = 52, right = 8, top = 8, bottom = 20;
  const netuids = [...new Set(history.flatMap((h) => [...h[key].keys()]))].sort((a, b) => a - b);
  const values = history.flatMap((h) => [...h[key].values()]);
  let lo = Math.min(0, ...values), hi = Math.max(...values, 0);
  if (hi === lo) hi = lo + 1;
  const first = history.length ? history[0].number : 0;
  const span = history.length ? history[history.length - 1].number - first : 0;
  const x = (n) => left + ((n - first) / Math.max(1, span)) * (W - left - right);
  const y = (v) => top + (1 - (v - lo) / (hi - lo)) * (H - top - bottom);
  const parts = [`<line x1="${left}" y1="${y(0)}" x2="${W - right}" y2="${y(0)}" stroke="#d0d7de"/>`];
  for (const v of [lo, (lo + hi) / 2, hi]) {
    parts.push(`<text x="${left - 4}" y="${y(v) + 3}" text-anchor="end">${format(v)}</text>`);
  }
  if (history.length) {
    const last = history[history.length - 1].number;
    parts.push(`<text x="${left}" y="${H - 4}">#${first}</text>`);
    parts.push(`<text x="${W - right}" y="${H - 4}" text-anchor="end">#${last}</text>`);
  }
  for (const netuid of netuids) {
    const points = history.filter((h) => h[key].has(netuid))
      .map((h) => `${x(h.number).toFixed(1)},${y(h[key].get(netuid)).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${colour(netuid)}" stroke-width="1.5" points="${points}" data-netuid="${netuid}"/>`);
  }
  svg.innerHTML = parts.join('');
}

function drawLegend(subnets) {
  $('legend').replaceChildren(...subnets.map((s) => {
    const item = document.createElement('span');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colour(s.netuid.toNumber());
    item.append(swatch, `subnet ${s.netuid.toNumber()}`);
    return item;
  }));
}

function drawParams(params, pending) {
  const p = params;
  const rows = [
    ['half-life H', `${p.halfLife.toNumber().toLocaleString('en')} blocks`],
    ['maturity half-life H_m', p.maturityHalfLife.toNumber() ? `${p.maturityHalfLife.toNumber().toLocaleString('en')} blocks` : 'off'],
    ['debt cap D', `${tao(p.debtCap.toBigInt(), 3)} TAO`],
    ['gate θ', `${tao(p.minSignal.toBigInt(), 9)} TAO/block`],
    ['cutoff', `${tao(p.cutoff.toBigInt(), 9)} TAO/block`],
    ['exponent p', (Number(p.exponent.toBigInt()) / SHARE_ONE).toString()],
    ['share cap c', pct(p.maxShare.toBigInt())],
    ['smoothing β', pct(p.smoothing.toBigInt())],
    ['update interval', `${p.updateInterval.toNumber()} blocks`],
    ['EMA floor', p.emaFloor.isSome ? `${tao(p.emaFloor.unwrap().toBigInt(), 9)} TAO/block` : 'none'],
    ['drought policy', p.drought.type],
    ['transition T', `${p.transitionBlocks.toNumber().toLocaleString('en')} blocks`],
  ];
  $('params').tBodies[0].replaceChildren(...rows.map(([k, v]) => {
    const tr = document.createElement('tr');
    tr.append(cell(k), cell(v));
    return tr;
  }));
  $('pending').hidden = pending.isNone;
  if (pending.isSome) $('pending').textContent = 'New parameters are staged: they take effect at the next block.';
}

async function onBlock(api, header) {
  const hash = header.hash;
  const number = header.number.toNumber();
  const at = await api.at(hash);
  const [subnets, params, pending, events, ledger] = await Promise.all([
    at.call.taoflowApi.subnets(), at.call.taoflowApi.params(), at.call.taoflowApi.pendingParams(),
    at.query.system.events(), at.query.taoflow.flowLedger(),
  ]);
  const split = events.find(({ event }) => event.section === 'taoflow' && event.method === 'EmissionSplit');
  const drought = events.find(({ event }) => event.section === 'taoflow' && event.method === 'Drought');
  const emission = split ? split.event.data[0].toBigInt() : null;
  const flows = new Map(ledger.map(([n, f]) => [n.toNumber(), f.toBigInt()]));

  $('block').textContent = `#${number.toLocaleString('en')}`;
  $('block').dataset.raw = number;
  $('emission').textContent = emission === null ? 'nothing minted' : `${tao(emission, 9)} TAO`;
  $('emission').dataset.raw = emission ?? '';
  $('credited').textContent = split ? split.event.data[1].toString() : '0';
  $('source').textContent = drought ? `drought policy (${drought.event.data[0].type})` : 'flows';
  $('drought').hidden = !drought;
  if (drought) {
    $('drought').textContent = `Drought: no subnet has a positive signal, so the ${drought.event.data[0].type} ` +
      'policy chose the target shares this block.';
  }
  drawTable(subnets, emission, flows);
  drawParams(params, pending);
  history.push({
    number,
    shares: new Map(subnets.map((s) => [s.netuid.toNumber(), Number(s.emittedShare.toBigInt()) / SHARE_ONE])),
    flows: new Map(subnets.map((s) => [s.netuid.toNumber(), flowTao(s.ema.toBigInt())])),
  });
  while (history.length > WINDOW) history.shift();
  drawChart($('share-chart'), 'shares', (v) => `${(v * 100).toFixed(1)}%`);
  drawChart($('flow-chart'), 'flows', (v) => v.toPrecision(3));
  drawLegend(subnets);
  document.body.dataset.block = number;
}

async function main() {
  const { ApiPromise, WsProvider } = polkadotApi;
  const api = await ApiPromise.create({ provider: new WsProvider(rpc), noInitWarn: true });
  const chain = await api.rpc.system.chain();
  $('status').textContent = `${chain} · ${api.runtimeVersion.specName} ${api.runtimeVersion.specVersion}`;
  // Blocks are drawn one at a time, in order; a block that arrives while one
  // is being drawn waits for it.
  let queue = Promise.resolve();
  await api.rpc.chain.subscribeNewHeads((header) => {
    queue = queue.then(() => onBlock(api, header)).catch((e) => {
      $('status').textContent = `error: ${e.message}`;
    });
  });
}

main().catch((e) => {
  $('status').textContent = `cannot connect to ${rpc}: ${e.message}`;
});
