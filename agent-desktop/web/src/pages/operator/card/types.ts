/** The client card as GET /api/records/accounts/:id answers (agent-desktop/server/records). */

export interface IdentificationState {
  required: boolean;
  identified: boolean;
  checks: Array<{ check: 'account_or_address' | 'owner_name'; label: string; at: string | null }>;
}

export interface Outage {
  id: string;
  kind: string;
  settlement: string;
  streets: string[];
  startsAt: string;
  endsAt?: string;
  reason: string;
  gridCompany: string;
  gridPhone: string;
  current: boolean;
}

export interface ClientCard {
  masked: boolean;
  identification: IdentificationState;
  account: {
    id: number;
    number: string;
    clientType: string;
    closedOn: string | null;
    restricted: boolean;
    settlement: string;
    address: string;
  };
  owner: {
    name: string;
    phones: string[];
    email: string | null;
    preferredChannel: string | null;
    vulnerable: boolean;
    inn?: string | null;
    postalAddress?: string | null;
  };
  outages: Outage[];
  clientId?: number;
  balance?: {
    dueKopecks: number;
    overdueKopecks: number;
    advanceKopecks: number;
    nextDueDate: string;
    lastPayment?: { paidAt: string; amountKopecks: number; method: string };
  };
  charges?: Array<{ period: string; zone: string; kwh: string; amountKopecks: number; dueDate: string }>;
  payments?: Array<{ paidAt: string; amountKopecks: number; method: string; reference: string }>;
  meters?: Array<{
    serial: string;
    zones: string[];
    verifiedUntil: string;
    lastReadings: Array<{ zone: string; value: string; takenAt: string }>;
  }>;
  readings?: Array<{
    meterSerial: string;
    zone: string;
    value: string | null;
    takenAt: string;
    channel: string;
    state: string;
    rejectReason: string | null;
  }>;
  interactions?: Array<{
    id: string;
    channel: string;
    direction: string;
    startedAt: string;
    outcome: string | null;
    outcomeLabel: string | null;
    topics: string[];
    agentName: string | null;
    appealNumber: string | null;
  }>;
  appeals?: Array<{
    id: number;
    regNumber: string;
    state: string;
    stateLabel: string;
    registeredAt: string;
    dueAt: string;
    topics: string[];
  }>;
  recordings?: Array<{ id: string; startedAt: string; durationMs: number | null }>;
}
