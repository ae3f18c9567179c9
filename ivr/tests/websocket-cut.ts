import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/**
 * A TCP relay in front of Asterisk's HTTP port that can cut ARI's event WebSocket (and refuse new
 * ones) while plain REST requests still pass — the network outage of issue 5, with Asterisk and
 * its calls untouched.
 */
export interface WebSocketCut {
  /** `http://127.0.0.1:<port>`: use as the IVR's ARI URL. */
  url: string;
  /** Drops every open WebSocket and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  /** WebSocket handshakes refused while cut (ari-client's reconnect attempts). */
  refused(): number;
  close(): Promise<void>;
}

const UPGRADE = /\r\nupgrade:\s*websocket/i;

export async function startWebSocketCut(target: string): Promise<WebSocketCut> {
  const upstreamUrl = new URL(target);
  const upstreamPort = Number(upstreamUrl.port || 80);
  const open = new Set<Socket>();
  const sockets = new Set<Socket>();
  let isCut = false;
  let refused = 0;

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first: Buffer) => {
      const websocket = UPGRADE.test(first.toString('latin1'));
      if (websocket && isCut) {
        refused += 1;
        client.destroy();
        return;
      }
      const upstream = tcpConnect(upstreamPort, upstreamUrl.hostname);
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      upstream.on('error', () => upstream.destroy());
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
      if (websocket) {
        open.add(client);
        client.on('close', () => open.delete(client));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      isCut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      isCut = false;
    },
    refused: () => refused,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
