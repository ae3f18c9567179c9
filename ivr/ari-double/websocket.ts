import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { Applications, EventSink } from './applications.ts';
import type { AriEvent } from './events.ts';
import { type Credentials, isAuthorized } from './http.ts';

function refuse(socket: Duplex, status: string, message: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ message })}`);
}

/**
 * `GET /ari/events?app=a,b&api_key=user:pass[&subscribeAll=true]` upgraded to a WebSocket: each
 * named application is registered while the socket is open and unregistered when it closes
 * (ari-client's reconnect therefore re-registers it).
 */
export function acceptEventSocket(
  wss: WebSocketServer,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  context: {
    credentials: Credentials;
    applications: () => Applications;
    refusing: boolean;
    /** The ApplicationReplaced event (without `application`) for a connection being replaced. */
    replacedEvent: () => AriEvent;
  },
): void {
  const url = new URL(request.url ?? '/', 'http://double');
  if (url.pathname !== '/ari/events' || context.refusing) {
    socket.destroy();
    return;
  }
  if (!isAuthorized(request, url, context.credentials)) {
    refuse(socket, '401 Unauthorized', 'Authentication required');
    return;
  }
  const apps = url.searchParams
    .getAll('app')
    .flatMap((value) => value.split(','))
    .filter(Boolean);
  if (apps.length === 0) {
    refuse(socket, '400 Bad Request', 'Missing param app');
    return;
  }
  const subscribeAll = url.searchParams.get('subscribeAll') === 'true';
  wss.handleUpgrade(request, socket, head, (ws) => {
    const registry = context.applications();
    const sink: EventSink = {
      send: (event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      },
    };
    for (const app of apps) registry.register(app, sink, subscribeAll, context.replacedEvent());
    ws.on('close', () => {
      for (const app of apps) registry.unregister(app, sink);
    });
  });
}
