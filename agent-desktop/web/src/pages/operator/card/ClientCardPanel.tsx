import { get } from '../../../api.ts';
import { formatDate } from '../../../components/format.ts';
import { Badge, ErrorText, Loading, Panel, useResource } from '../../../components/ui.tsx';
import { CardSections, OutagesPanel } from './CardSections.tsx';
import { IdentificationChecklist } from './IdentificationChecklist.tsx';
import type { ClientCard } from './types.ts';

/**
 * The client card: masked until the identification checklist is complete (server-side), then
 * everything about the client. The workspace composes it beside an offered call or chat.
 */
export function ClientCardPanel(props: {
  accountId?: number | string | undefined;
  interactionId?: string | undefined;
  onLoaded?: (card: ClientCard) => void;
}) {
  const { accountId, interactionId } = props;
  const card = useResource(async () => {
    if (accountId === undefined || accountId === '') return undefined;
    const query = interactionId ? `?interactionId=${encodeURIComponent(interactionId)}` : '';
    const loaded = await get<ClientCard>(
      `/api/records/accounts/${encodeURIComponent(String(accountId))}${query}`,
    );
    props.onLoaded?.(loaded);
    return loaded;
  }, [accountId, interactionId]);

  if (accountId === undefined || accountId === '')
    return (
      <Panel title="Карточка клиента">
        <p class="muted">
          Клиент не выбран. Найдите его по номеру лицевого счёта, телефону, фамилии или адресу.
        </p>
      </Panel>
    );
  if (card.error) return <ErrorText error={card.error} />;
  if (!card.data) return <Loading />;
  const data = card.data;
  return (
    <section class="client-card" aria-label="Карточка клиента">
      <Panel>
        <div class="spread">
          <h2>
            Лицевой счёт {data.account.number} · <span class="owner-name">{data.owner.name}</span>
          </h2>
          <div class="row">
            {data.masked ? (
              <Badge tone="warn">данные скрыты до идентификации</Badge>
            ) : (
              <Badge tone="ok">клиент идентифицирован</Badge>
            )}
            {data.account.restricted && <Badge tone="bad">введено ограничение</Badge>}
            {data.account.closedOn && (
              <Badge tone="info">счёт закрыт {formatDate(data.account.closedOn)}</Badge>
            )}
            {data.owner.vulnerable && <Badge tone="warn">социально уязвимый клиент</Badge>}
          </div>
        </div>
        <dl class="facts">
          <dt>Адрес</dt>
          <dd class="account-address">{data.account.address}</dd>
          <dt>Телефоны</dt>
          <dd>{data.owner.phones.join(', ') || '—'}</dd>
          <dt>Эл. почта</dt>
          <dd>{data.owner.email ?? '—'}</dd>
          <dt>Ограничение</dt>
          <dd>{data.account.restricted ? 'введено' : 'нет'}</dd>
        </dl>
      </Panel>
      {data.masked && (
        <IdentificationChecklist
          accountId={data.account.id}
          interactionId={interactionId}
          state={data.identification}
          onChanged={() => void card.reload()}
        />
      )}
      <OutagesPanel outages={data.outages} masked={data.masked} />
      {!data.masked && <CardSections card={data} />}
    </section>
  );
}
