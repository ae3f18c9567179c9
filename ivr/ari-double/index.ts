export { acceleratedClock, type DoubleClock, realTimeClock, SteppedClock } from './clock.ts';
export type { DialplanStep } from './dialplan.ts';
export type { EndpointBehaviour } from './endpoints.ts';
export type { AriEvent } from './events.ts';
export type { InboundCall, InboundCallOptions } from './scenario.ts';
export { AriDouble, type AriDoubleOptions, startAriDouble } from './server.ts';
