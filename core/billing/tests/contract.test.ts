import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BillingServiceService } from '../../../proto/gen/hotline/billing/v1/billing.ts';
import { BILLING_METHODS } from '../api.ts';
import { READING_REJECTION_CODES } from '../services/reading-rules.ts';

// The TypeScript side and the .proto say the same thing: a retailer implements from the .proto.
const protoFile = join(import.meta.dirname, '../../../proto/hotline/billing/v1/billing.proto');

describe('billing contract', () => {
  it('BillingApi has one method per RPC of BillingService', () => {
    expect(Object.keys(BillingServiceService).sort()).toEqual([...BILLING_METHODS].sort());
  });

  it('the .proto documents exactly the rejection codes the reference server produces', async () => {
    const proto = await readFile(protoFile, 'utf8');
    const comment = proto.slice(proto.indexOf('message ReadingRejection'), proto.indexOf('string code = 1;'));
    const documented = [...comment.matchAll(/^\s*\/\/\s{3}([a-z_]+)\s+-/gm)].map((m) => m[1]);
    expect(documented).toEqual([...READING_REJECTION_CODES]);
  });
});
