import type { PlatformService } from './service.ts';

/**
 * Every service the platform can run, loaded lazily so `hotline start billing` does not load the
 * IVR. Order is start order (dependencies first); `hotline start` with no names starts all of them
 * whose required settings are present (`defaultServices`).
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

/**
 * Services that cannot do anything without settings only the site has (Asterisk's ARI password):
 * `hotline start` with no names leaves them out, saying why; named explicitly they must start.
 */
export const SERVICE_REQUIREMENTS: Record<string, { env: string[]; why: string }> = {
  ivr: { env: ['ARI_PASSWORD'], why: 'set ARI_URL, ARI_USER and ARI_PASSWORD to connect it to Asterisk' },
};

/** What `hotline start` with no names runs: every service whose required settings are present. */
export function defaultServices(env: NodeJS.ProcessEnv): {
  start: string[];
  skipped: Array<[string, string]>;
} {
  const start: string[] = [];
  const skipped: Array<[string, string]> = [];
  for (const name of serviceNames()) {
    const requirement = SERVICE_REQUIREMENTS[name];
    if (requirement?.env.some((variable) => !env[variable])) skipped.push([name, requirement.why]);
    else start.push(name);
  }
  return { start, skipped };
}

export function serviceNames(): string[] {
  return Object.keys(SERVICE_CATALOG);
}

export async function loadService(name: string): Promise<PlatformService> {
  const load = SERVICE_CATALOG[name];
  if (!load) throw new Error(`unknown service "${name}" (known: ${serviceNames().join(', ') || 'none'})`);
  return load();
}
