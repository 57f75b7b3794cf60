// @polkadot/api helpers of the client tests, beside clients/common.mjs.
import { ApiPromise, WsProvider } from '@polkadot/api';

export * from '../common.mjs';

/** An @polkadot/api client of `url`. */
export function connect(url) {
  return ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
}
