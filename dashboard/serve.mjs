// Serves the dashboard on 127.0.0.1: the files of this folder, and under
// /vendor/ the browser bundles of @polkadot/api from clients/polkadot-js
// (installed by scripts/setup.sh). No build step.
//
//   node dashboard/serve.mjs [PORT]      (default 8000; 0 picks a free port)
//
// The page takes the node to read from as `?rpc=ws://127.0.0.1:9944`.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const polkadot = join(here, '../clients/polkadot-js/node_modules/@polkadot');
const vendor = {
  'bundle-polkadot-util.js': 'util',
  'bundle-polkadot-util-crypto.js': 'util-crypto',
  'bundle-polkadot-keyring.js': 'keyring',
  'bundle-polkadot-types.js': 'types',
  'bundle-polkadot-api.js': 'api',
};
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Starts the server on 127.0.0.1:`port`; resolves with the port it listens on. */
export function serve(port = 8000) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    let file;
    if (path.startsWith('/vendor/') && vendor[path.slice(8)]) {
      file = join(polkadot, vendor[path.slice(8)], path.slice(8));
    } else {
      const name = path === '/' ? 'index.html' : normalize(path).replace(/^([/\\])+/, '');
      if (name.includes('..') || !types[name.slice(name.lastIndexOf('.'))]) {
        res.writeHead(404).end();
        return;
      }
      file = join(here, name);
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close() }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { port } = await serve(Number(process.argv[2] ?? 8000));
  console.log(`Taoflow dashboard: http://127.0.0.1:${port}/?rpc=ws://127.0.0.1:9944`);
}
