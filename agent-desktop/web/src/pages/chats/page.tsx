import { useCallback, useEffect, useState } from 'preact/hooks';
import { get, post } from '../../api.ts';
import { useNow } from '../../components/clock.ts';
import { Empty, ErrorText, Loading, Page, useAction } from '../../components/ui.tsx';
import { live, useLive } from '../../live.ts';
import { useSession } from '../../session.ts';
import { CannedAnswers } from './canned.tsx';
import { ChatList } from './chat-list.tsx';
import type { ChatLine, ChatSummary } from './chat-state.ts';
import { Composer, Conversation } from './conversation.tsx';
import './chats.css';

const sameLine = (a: ChatLine, b: ChatLine) => a.at === b.at && a.from === b.from && a.text === b.text;

/**
 * The operator's chats (R-ACD-5, several at once up to the chat capacity): the list with unread
 * counts and the first-answer clock, the selected conversation with the bot's part, the reply box
 * with canned answers, and the end of the chat (the client is then asked for a rating).
 */
export function ChatsPage() {
  const me = String(useSession().user.id);
  // Server time minus browser time, from the latest list (fresher than the last `hello`).
  const [offsetMs, setOffsetMs] = useState(live.offsetMs);
  useNow(1_000); // re-renders every second; the time itself is read at each render
  // (useNow's value can be a second old when a new list re-renders: a fresh wrap-up read 5:01)
  const now = Date.now() + offsetMs;
  const [chats, setChats] = useState<ChatSummary[] | undefined>(undefined);
  const [capacity, setCapacity] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [lines, setLines] = useState<Record<string, ChatLine[]>>({});
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [overdue, setOverdue] = useState<ReadonlySet<string>>(new Set());

  const refresh = useCallback(async () => {
    try {
      const listed = await get<{ chats: ChatSummary[]; capacity: number | null; now: number }>('/api/chats');
      setCapacity(listed.capacity);
      setOffsetMs(listed.now - Date.now());
      setChats(listed.chats);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(error);
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);

  const open = useCallback(async (ix: string) => {
    try {
      const opened = await get<{ chat: ChatSummary; lines: ChatLine[] }>(`/api/chats/${ix}`);
      setLines((all) => ({ ...all, [ix]: opened.lines }));
      setChats((all) => all?.map((chat) => (chat.ix === ix ? opened.chat : chat)));
    } catch (error) {
      setLoadError(error);
      void refresh();
    }
  }, []);

  // The selected chat stays selected while it is on the list; otherwise the oldest one is shown.
  const current = chats?.find((chat) => chat.ix === selected) ?? chats?.[0];
  useEffect(() => {
    if (current && current.ix !== selected) setSelected(current.ix);
  }, [current?.ix]);
  useEffect(() => {
    if (selected) void open(selected);
  }, [selected]);

  // After a reconnect (hello) and whenever the ACD moves one of my interactions, the list is re-read.
  useLive(['hello'], (hello) => {
    // The hello carries my chats (the chats area's snapshot part): no extra request on a reconnect.
    const snapshot = (hello.snapshot as { chats?: ChatSummary[] } | undefined)?.chats;
    if (!Array.isArray(snapshot)) return void refresh();
    setOffsetMs(live.offsetMs); // measured when the hello arrived (a replayed hello may be old)
    setChats(snapshot);
    if (selected && snapshot.some((chat) => chat.ix === selected)) void open(selected);
  });
  useLive(['acd.answered', 'acd.wrap_up', 'acd.closed'], (message) => {
    if (message.agent === me) void refresh();
  });
  useLive(['chat.overdue'], (message) => setOverdue((set) => new Set([...set, String(message.ix)])));
  useLive(['chat.message'], (message) => {
    const ix = String(message.ix);
    const line = message.line as ChatLine;
    if (!chats?.some((chat) => chat.ix === ix)) return void refresh();
    setLines((all) => {
      const known = all[ix];
      if (!known || known.some((l) => sameLine(l, line))) return all;
      return { ...all, [ix]: [...known, line] };
    });
    if (line.from !== 'client') return;
    // A file's link appears once the chatbot has copied it into platform storage: look again shortly.
    if (line.attachments?.length && ix === selected) setTimeout(() => void open(ix), 2_000);
    if (ix === selected && document.visibilityState === 'visible')
      void post(`/api/chats/${ix}/read`).catch(() => {});
    else
      setChats((all) => all?.map((chat) => (chat.ix === ix ? { ...chat, unread: chat.unread + 1 } : chat)));
  });

  const draft = (current && drafts[current.ix]) ?? '';
  const setDraft = (text: string) => current && setDrafts((all) => ({ ...all, [current.ix]: text }));
  const send = useAction(async () => {
    if (!current || !draft.trim()) return;
    const sent = await post<{ line: ChatLine; firstAnswer: boolean }>(`/api/chats/${current.ix}/messages`, {
      text: draft,
    });
    setDrafts((all) => ({ ...all, [current.ix]: '' }));
    setLines((all) => {
      const known = all[current.ix] ?? [];
      return known.some((l) => sameLine(l, sent.line))
        ? all
        : { ...all, [current.ix]: [...known, sent.line] };
    });
    if (sent.firstAnswer)
      setChats((all) =>
        all?.map((chat) => (chat.ix === current.ix ? { ...chat, firstAnsweredAt: sent.line.at } : chat)),
      );
  });
  const end = useAction(async () => {
    if (!current) return;
    await post(`/api/chats/${current.ix}/end`);
    await refresh();
  });

  return (
    <Page title="Чаты">
      <ErrorText error={loadError} />
      {chats === undefined && !loadError && <Loading />}
      {chats?.length === 0 && (
        <Empty>
          Сейчас у Вас нет чатов. Новый чат предлагается на <a href="#/workspace">рабочем месте</a>, когда Вы
          готовы.
        </Empty>
      )}
      {chats && current && (
        <div class="chats-layout">
          <ChatList
            capacity={capacity}
            chats={chats}
            selected={current.ix}
            overdue={overdue}
            now={now}
            onSelect={setSelected}
          />
          <section class="panel chat-main" aria-label="Выбранный чат">
            {lines[current.ix] ? <Conversation lines={lines[current.ix]!} /> : <Loading />}
            <Composer
              chat={current}
              draft={draft}
              now={now}
              busy={send.busy || end.busy}
              error={send.error ?? end.error}
              onDraft={setDraft}
              onSend={() => void send.run()}
              onEnd={() => void end.run()}
            />
          </section>
          <CannedAnswers
            topic={current.topics[0]}
            onInsert={(text) => setDraft(draft.trim() ? `${draft.trimEnd()}\n${text}` : text)}
          />
        </div>
      )}
    </Page>
  );
}
