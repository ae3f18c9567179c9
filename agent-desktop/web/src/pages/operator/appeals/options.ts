import { useEffect, useState } from 'preact/hooks';
import { get } from '../../../api.ts';

export interface Option {
  id: string;
  label: string;
}

export interface AppealOptions {
  topics: Option[];
  channels: Option[];
  kinds: Option[];
  noActionReasons: Option[];
  zones: Option[];
  readingRejections: Option[];
}

// The lists come from the server's vocabulary once per page load: labels never drift from it.
let cached: Promise<AppealOptions> | undefined;

export function loadAppealOptions(): Promise<AppealOptions> {
  cached ??= get<AppealOptions>('/api/records/appeal-options').catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

export function useAppealOptions(): AppealOptions | undefined {
  const [options, setOptions] = useState<AppealOptions | undefined>(undefined);
  useEffect(() => {
    loadAppealOptions().then(setOptions, () => undefined);
  }, []);
  return options;
}

export function labelOf(list: Option[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return list?.find((option) => option.id === id)?.label ?? id;
}
