import type { CommunityState } from './state.ts';

export interface VkContext {
  state: CommunityState;
  baseUrl(): string;
  group: { id: number; name: string; screen_name: string };
}

/** Every VK parameter arrives as a string; `version` is the caller's `v`. */
export type VkMethodHandler = (
  ctx: VkContext,
  params: Record<string, string>,
  version: ApiVersion,
) => unknown;

export class ApiVersion {
  readonly major: number;
  readonly minor: number;

  constructor(readonly text: string) {
    const [major, minor] = text.split('.').map((part) => Number.parseInt(part, 10));
    this.major = major ?? 0;
    this.minor = minor ?? 0;
  }

  /** "5.199" is newer than "5.90": versions compare part by part, not as decimals. */
  atLeast(other: string): boolean {
    const that = new ApiVersion(other);
    return this.major > that.major || (this.major === that.major && this.minor >= that.minor);
  }
}
