// @polkadot/api helpers of the client tests, beside clients/common.mjs.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { TIMEOUT_MS } from '../common.mjs';

export * from '../common.mjs';

/** An @polkadot/api client of `url`. */
export function connect(url) {
  return ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
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

