// A peer for the fan-out benchmark: Node's `ws` serving the same system_stats-shaped frame on
// /ws as ziggie, the way such a server is usually written — one JSON.stringify per tick, then
// send() to every client. A `history` message first, as ziggie sends. Loopback, bounded.
//   node node-ws-server.mjs [INTERVAL_S (1)] [LIFETIME_S (900)]
import { WebSocketServer } from 'ws';

const intervalS = Number(process.argv[2] ?? 1);
const lifetimeS = Number(process.argv[3] ?? 900);
const history = JSON.stringify({ type: 'history', interval_s: intervalS, samples: [] });

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws', backlog: 1024, perMessageDeflate: false });
wss.on('connection', (socket) => socket.send(history));
wss.on('listening', () => console.log(`node-ws serving http://127.0.0.1:${wss.address().port}/`));

function sample() {
  return {
    type: 'system_stats',
    timestamp: new Date().toISOString().replace(/Z$/, '000Z'), // microseconds, as ziggie prints them
    cpu: { usage: 12.5 },
    memory: { percent: 41.2, used_gb: 9.3, total_gb: 23.5 },
    disk: { percent: 45.3, used_gb: 234.5, total_gb: 512.0 },
  };
}

setInterval(() => {
  const text = JSON.stringify(sample());
  for (const client of wss.clients) if (client.readyState === 1) client.send(text);
}, intervalS * 1000);
setTimeout(() => process.exit(0), lifetimeS * 1000);
