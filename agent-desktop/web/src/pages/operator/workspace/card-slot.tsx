import { useEffect, useState } from 'preact/hooks';
import { ClientCardPanel, ClientSearch } from '../card/index.ts';
import type { WorkItem } from './desk.ts';

/**
 * The client card beside the interaction (the records area's components): the account the IVR or
 * chatbot identified opens at once; otherwise the operator finds the client by search.
 */
export function CardSlot(props: { item: WorkItem }) {
  const { item } = props;
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  // Another interaction on the desk: forget the account chosen for the previous one.
  useEffect(() => setChosen(undefined), [item.id]);
  const accountId = item.account?.id ?? chosen;
  return (
    <div class="ws-card">
      {accountId === undefined && <ClientSearch onOpen={setChosen} />}
      <ClientCardPanel accountId={accountId} interactionId={item.id} />
    </div>
  );
}
