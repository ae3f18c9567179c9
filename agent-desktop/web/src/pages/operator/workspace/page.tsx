import { useEffect, useRef, useState } from 'preact/hooks';
import { Empty, ErrorText, Loading, Page } from '../../../components/ui.tsx';
import type { LiveMessage } from '../../../live.ts';
import { useSession } from '../../../session.ts';
import { CardSlot } from './card-slot.tsx';
import { type DeskView, useDesk, type WorkItem } from './desk.ts';
import { CLIENT_LEFT_NOTICE, MISSED_OFFER_NOTICE } from './labels.ts';
import { OfferPanel } from './offer-panel.tsx';
import { ScriptsPanel } from './scripts-panel.tsx';
import { StateBar } from './state-bar.tsx';
import { ActivePanel, WrapUpPanel } from './work-panel.tsx';

/** The interaction the card follows: a call first (one at a time), else the oldest chat. */
function focusOf(work: WorkItem[]): WorkItem | undefined {
  return work.find((item) => item.media === 'voice') ?? work[0];
}

/**
 * The operator's workspace (ЕОО): state and time in it, offers with the 15 s countdown, the
 * client card as soon as a call is offered, the active interaction, wrap-up with its outcome,
 * and scripts with the knowledge base beside it. Follows the ACD live.
 */
export function WorkspacePage() {
  const session = useSession();
  const [notice, setNotice] = useState<string | undefined>(undefined);
  // Interactions an appeal was registered for: their wrap-up suggests that outcome.
  const [withAppeal, setWithAppeal] = useState<readonly string[]>([]);
  // Wrap-ups the 5-minute limit ended before the operator chose an outcome: it is still asked for.
  const [autoEnded, setAutoEnded] = useState<readonly WorkItem[]>([]);
  const onEvent = (message: LiveMessage) => {
    if (message.type === 'acd.closed' && message.auto === '1') {
      const item = desk?.work.find((w) => w.id === message.ix);
      if (item) setAutoEnded((items) => [...items.filter((i) => i.id !== item.id), item]);
    }
    if (message.type === 'acd.offer_withdrawn' && message.reason === 'missed') setNotice(MISSED_OFFER_NOTICE);
    if (message.type === 'acd.offered') setNotice(undefined);
    if (message.type === 'acd.agent_state' && message.state === 'ready') setNotice(undefined);
  };
  const { desk, error, reload, setDesk } = useDesk(session.user.id, onEvent);
  // An offer gone while the operator is still available (not missed, declined or signed out):
  // the client hung up or left the chat before it was accepted.
  const previous = useRef<DeskView | undefined>(undefined);
  useEffect(() => {
    const before = previous.current;
    previous.current = desk;
    // A miss or a decline makes the operator not ready; a stale read still says "offered".
    if (!before || !desk?.signedIn || !['ready', 'busy', 'wrap_up'].includes(desk.state)) return;
    const gone = before.work.filter((w) => w.state === 'offered' && !desk.work.some((n) => n.id === w.id));
    if (gone.length) setNotice(CLIENT_LEFT_NOTICE);
  }, [desk]);
  if (!desk) return error ? <ErrorText error={error} /> : <Loading />;
  const focus = focusOf(desk.work);
  const refresh = () => void reload();
  return (
    <Page title="Рабочее место">
      <StateBar desk={desk} onChange={setDesk} />
      {notice && (
        <div class="panel ws-notice" role="alert">
          <span>{notice}</span>
          <button type="button" class="link" onClick={() => setNotice(undefined)}>
            Понятно
          </button>
        </div>
      )}
      <div class="ws-layout">
        <div class="ws-main">
          {desk.work.map((item) => {
            if (item.state === 'offered') return <OfferPanel key={item.id} item={item} onDone={refresh} />;
            if (item.state === 'connected') return <ActivePanel key={item.id} item={item} onDone={refresh} />;
            return (
              <WrapUpPanel
                key={item.id}
                item={item}
                suggested={withAppeal.includes(item.id) ? 'appeal_registered' : undefined}
                onDone={refresh}
              />
            );
          })}
          {autoEnded.map((item) => (
            <WrapUpPanel
              key={item.id}
              item={item}
              autoEnded
              suggested={withAppeal.includes(item.id) ? 'appeal_registered' : undefined}
              onDone={() => setAutoEnded((items) => items.filter((i) => i.id !== item.id))}
            />
          ))}
          {!desk.work.length && !autoEnded.length && (
            <Empty>
              {!desk.signedIn
                ? 'Вы не в очередях. Нажмите «Войти в очереди», чтобы начать работу.'
                : desk.state === 'ready'
                  ? 'Ожидайте вызова: Вы в очередях и готовы принимать обращения.'
                  : 'Вызовы не поступают, пока Вы не готовы. Нажмите «Готов», чтобы продолжить.'}
            </Empty>
          )}
          {focus && (
            <CardSlot item={focus} onAppealRegistered={(id) => setWithAppeal((ids) => [...ids, id])} />
          )}
        </div>
        <aside class="ws-side">
          <ScriptsPanel media={focus?.media === 'chat' ? 'chat' : 'voice'} />
        </aside>
      </div>
    </Page>
  );
}
