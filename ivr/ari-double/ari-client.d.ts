/**
 * Minimal typing for ari-client 2.2.0 (it ships none). Its resources and operations are built at
 * connect time from the server's Swagger declarations, so they are typed loosely here.
 */
declare module 'ari-client' {
  import type { EventEmitter } from 'node:events';

  export interface AriClient extends EventEmitter {
    start(apps: string | string[], subscribeAll?: boolean): Promise<void>;
    stop(): void;
    // biome-ignore lint/suspicious/noExplicitAny: operations are generated from Swagger at runtime
    [resource: string]: any;
  }

  export function connect(url: string, user: string, password: string): Promise<AriClient>;

  const ari: { connect: typeof connect };
  export default ari;
}
