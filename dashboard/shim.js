// @polkadot/api's browser bundle reads two helpers of @polkadot/types from
// globals that no other bundle defines (`util$1` for
// `@polkadot/types/util`, `constants` for `@polkadot/types/extrinsic/
// constants`). They are defined here, as in @polkadot/types 16.5.6, before
// the bundle loads: the unwrapping of a storage entry's value type, and
// the extrinsic version (the dashboard only reads).
'use strict';
window.util$1 = { unwrapStorageSi: (type) => (type.isPlain ? type.asPlain : type.asMap.value) };
window.constants = { LATEST_EXTRINSIC_VERSION: 4 };
