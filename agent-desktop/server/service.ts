import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformService, ServiceContext } from '../../core/platform/service.ts';
import { buildDesktop } from './desktop.ts';
import { bundleWebApp } from './web/bundle.ts';

export const desktopService: PlatformService = {
  name: 'desktop',
  description: 'ЕОО server: the operators’ and supervisors’ browser app, HTTP API and live WebSocket',
  async start(context: ServiceContext) {
    const desktop = buildDesktop(context, { web: await bundleWebApp() });
    const server: Server = desktop.app.listen(desktop.config.DESKTOP_PORT, desktop.config.DESKTOP_HOST);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    desktop.live.attach(server);
    const { port } = server.address() as AddressInfo;
    return {
      endpoints: { http: `http://${desktop.config.DESKTOP_HOST}:${port}/` },
      async health() {
        return { status: 'ok', details: { port, liveConnections: desktop.live.connections } };
      },
      async close() {
        await desktop.live.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
      },
    };
  },
};
