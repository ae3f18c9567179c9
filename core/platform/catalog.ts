import type { PlatformService } from './service.ts';

/**
 * Every service the platform can run, loaded lazily so `hotline start billing` does not load the
 * IVR. Order is start order (dependencies first); `hotline start` with no names starts them all.
 */
export const SERVICE_CATALOG: Record<string, () => Promise<PlatformService>> = {
  billing: async () => (await import('../billing/service.ts')).billingService,
  acd: async () => (await import('../../agent-desktop/server/acd/service.ts')).acdService,
  desktop: async () => (await import('../../agent-desktop/server/service.ts')).desktopService,
  dialer: async () => (await import('../../dialer/service.ts')).dialerService,
  recordings: async () => (await import('../../recordings/service.ts')).recordingsService,
  ivr: async () => (await import('../../ivr/service.ts')).ivrService,
  chatbot: async () => (await import('../../chatbot/service.ts')).chatbotService,
};

export function serviceNames(): string[] {
  return Object.keys(SERVICE_CATALOG);
}

export async function loadService(name: string): Promise<PlatformService> {
  const load = SERVICE_CATALOG[name];
  if (!load) throw new Error(`unknown service "${name}" (known: ${serviceNames().join(', ') || 'none'})`);
  return load();
}
