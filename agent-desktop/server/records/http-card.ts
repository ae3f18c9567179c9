import type { Response } from 'express';
import type { AuthedRequest, RouteSpec } from '../http/routes.ts';
import {
  accountIdsByNumber,
  type FoundAccount,
  findAccountById,
  findAccountsBySurname,
} from './db/accounts.ts';
import type { RecordsDependencies } from './http-support.ts';
import { audit, sendNotFound, sendProblems } from './http-support.ts';
import { identificationScope } from './redis/identifications.ts';
import {
  cardQuerySchema,
  identificationSchema,
  parseBody,
  pathId,
  type SearchRequest,
  searchSchema,
} from './schemas.ts';
import { buildCard, identificationState } from './services/card.ts';
import {
  identificationRequired,
  matchesAccountOrAddress,
  matchesOwnerName,
} from './services/identification.ts';
import { maskFullName } from './services/masking.ts';

const CARD_READERS = ['operator', 'supervisor', 'quality'] as const;
const SEARCH_LIMIT = 20;

/** Client search, the card, and the identification checklist that unmasks it. */
export function cardRoutes(deps: RecordsDependencies): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/api/records/search',
      access: CARD_READERS,
      summary: 'find accounts by number, phone, surname or address (results masked)',
      async handler(req, res) {
        const body = parseBody(searchSchema, req.body);
        if (!body.ok) return sendProblems(res, body.problems);
        const found = await search(deps, body.data);
        // What was searched for is personal data itself: the audit keeps how and how many.
        await audit(deps, req, {
          action: 'client.search',
          subjectType: 'account',
          details: { by: body.data.by, results: found.length },
        });
        res.json({
          accounts: found.map((account) => ({
            id: account.id,
            number: account.number,
            owner: maskFullName(account.ownerFullName),
            settlement: account.settlement,
            clientType: account.clientType,
            closed: account.closed,
          })),
        });
      },
    },
    {
      method: 'get',
      path: '/api/records/accounts/:accountId',
      access: CARD_READERS,
      summary: 'the client card (masked until the client is identified)',
      async handler(req, res) {
        const context = await cardContext(deps, req, res, req.query);
        if (!context) return;
        const { account, scope, interactionId } = context;
        const required = identificationRequired(req.session!.roles, interactionId);
        const state = identificationState(required, await deps.identifications.ticked(scope, account.id));
        const card = await buildCard(
          { db: deps.pool, billing: deps.billing, appeals: deps.appeals },
          account,
          state,
        );
        await audit(deps, req, {
          action: 'client.view',
          subjectType: 'account',
          subjectId: account.id,
          clientId: account.clientId,
          details: { masked: card.masked, interactionId: interactionId ?? null },
        });
        res.json(card);
      },
    },
    {
      method: 'post',
      path: '/api/records/accounts/:accountId/identification',
      access: CARD_READERS,
      summary: 'tick one identification check with what the client said (verified, audited)',
      async handler(req, res) {
        const body = parseBody(identificationSchema, req.body);
        const context = await cardContext(deps, req, res, body.ok ? body.data : {});
        if (!context) return;
        if (!body.ok) return sendProblems(res, body.problems);
        const { account, scope, interactionId } = context;
        const said = body.data;
        const confirmed =
          said.check === 'owner_name'
            ? matchesOwnerName(account.ownerFullName, said.fullName)
            : matchesAccountOrAddress(account, said);
        // The audit keeps the verdict, never what the client said.
        await audit(deps, req, {
          action: confirmed ? 'client.identification_check' : 'client.identification_mismatch',
          subjectType: 'account',
          subjectId: account.id,
          clientId: account.clientId,
          details: { check: said.check, interactionId: interactionId ?? null },
        });
        if (!confirmed) {
          const message =
            said.check === 'owner_name'
              ? 'Названные фамилия и имя не совпадают с владельцем лицевого счёта'
              : 'Названные номер лицевого счёта или адрес не совпадают с выбранным счётом';
          return void res.status(422).json({ error: message });
        }
        await deps.identifications.tick(scope, account.id, said.check, deps.clock.now());
        const required = identificationRequired(req.session!.roles, interactionId);
        res.json({
          identification: identificationState(required, await deps.identifications.ticked(scope, account.id)),
        });
      },
    },
  ];
}

/** The account of the path and the conversation of the query/body, or a 404/400 already sent. */
async function cardContext(deps: RecordsDependencies, req: AuthedRequest, res: Response, source: unknown) {
  const accountId = pathId(req.params.accountId);
  const account = accountId === undefined ? undefined : await findAccountById(deps.pool, accountId);
  if (!account) return void sendNotFound(res, 'account');
  const query = parseBody(cardQuerySchema, {
    interactionId: (source as { interactionId?: unknown })?.interactionId,
  });
  if (!query.ok) return void sendProblems(res, query.problems);
  // The conversation only scopes the ticks: it need not be in PostgreSQL yet (the ACD writes its
  // interactions in batches, and the card opens with the offer).
  const { interactionId } = query.data;
  return { account, interactionId, scope: identificationScope(req.session!, interactionId) };
}

async function search(deps: RecordsDependencies, request: SearchRequest): Promise<FoundAccount[]> {
  if (request.by === 'surname') return findAccountsBySurname(deps.pool, request.value, SEARCH_LIMIT);
  const query =
    request.by === 'address'
      ? {
          $case: 'address' as const,
          value: {
            settlement: request.settlement,
            street: request.street ?? '',
            house: request.house ?? '',
            apartment: request.apartment ?? '',
          },
        }
      : request.by === 'phone'
        ? { $case: 'phone' as const, value: request.value }
        : { $case: 'accountNumber' as const, value: request.value };
  const { accounts } = await deps.billing.findAccounts({ query, limit: SEARCH_LIMIT });
  const ids = await accountIdsByNumber(
    deps.pool,
    accounts.map((account) => account.accountNumber),
  );
  return accounts.flatMap((account) => {
    const known = ids.get(account.accountNumber);
    if (known === undefined) return [];
    return [
      {
        id: known.id,
        number: account.accountNumber,
        ownerFullName: account.ownerFullName,
        settlement: known.settlement,
        clientType: account.clientType,
        closed: account.closed,
      },
    ];
  });
}
