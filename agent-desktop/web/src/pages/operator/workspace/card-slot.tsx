import { useEffect, useState } from 'preact/hooks';
import { AppealForm } from '../appeals/index.ts';
import { ClientCardPanel, ClientSearch } from '../card/index.ts';
import type { WorkItem } from './desk.ts';

/**
 * The client card beside the interaction (the records area's components): the account the IVR or
 * chatbot identified opens at once; otherwise the operator finds the client by search. Once the
 * interaction is accepted, an appeal can be registered for it.
 */
export function CardSlot(props: { item: WorkItem; onAppealRegistered: (interactionId: string) => void }) {
  const { item } = props;
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  // Another interaction on the desk: forget the account chosen for the previous one.
  useEffect(() => setChosen(undefined), [item.id]);
  const accountId = item.account?.id ?? chosen;
  return (
    <div class="ws-card">
      {accountId === undefined && <ClientSearch onOpen={setChosen} />}
      <ClientCardPanel accountId={accountId} interactionId={item.id} />
      {item.state !== 'offered' && (
        <section class="panel">
          <AppealForm
            key={item.id}
            accountId={accountId}
            interactionId={item.id}
            channel={item.channel}
            onRegistered={() => props.onAppealRegistered(item.id)}
          />
        </section>
      )}
    </div>
  );
}
