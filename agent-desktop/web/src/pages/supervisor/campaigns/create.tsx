import { useEffect, useState } from 'preact/hooks';
import { ApiError, post } from '../../../api.ts';
import { ErrorText, Page, Panel, useAction } from '../../../components/ui.tsx';
import { navigate } from '../../../router.ts';
import { defaultTemplate } from './defaults.ts';
import {
  type Campaign,
  type CampaignDefinition,
  CHANNEL_LABELS,
  type OutboundChannel,
  PURPOSE_LABELS,
  type Purpose,
  type RenderedMessage,
  SMS_LIMIT,
  type Templates,
} from './types.ts';

const CHANNELS = Object.keys(CHANNEL_LABELS) as OutboundChannel[];

function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** The server's problems list (422) as lines, or its message. */
function problemsOf(error: unknown): string[] {
  if (error instanceof ApiError && typeof error.body === 'object' && error.body && 'problems' in error.body) {
    return (error.body as { problems: string[] }).problems;
  }
  return [];
}

export function CampaignCreate() {
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState<Purpose>('debt_reminder');
  // The order of the list is the fallback order (e.g. SMS first, then a call).
  const [channels, setChannels] = useState<OutboundChannel[]>(['sms']);
  const [templates, setTemplates] = useState<Templates>({
    sms: defaultTemplate('debt_reminder', 'sms') as string,
  });
  const [audienceKind, setAudienceKind] = useState<'filter' | 'csv'>('filter');
  const [minOverdueRubles, setMinOverdueRubles] = useState('1000');
  const [overdueDays, setOverdueDays] = useState('30');
  const [startsAt, setStartsAt] = useState(localInput(new Date()));
  const [endsAt, setEndsAt] = useState(localInput(new Date(Date.now() + 7 * 86_400_000)));
  const [preview, setPreview] = useState<RenderedMessage[]>([]);
  const [previewError, setPreviewError] = useState<unknown>(undefined);

  const definition = (): CampaignDefinition => ({
    name: name.trim(),
    purpose,
    channels,
    audience:
      audienceKind === 'csv'
        ? { kind: 'csv' }
        : {
            kind: 'filter',
            ...(minOverdueRubles ? { minOverdueRubles: Number(minOverdueRubles) } : {}),
            overdueDays: Number(overdueDays || 0),
          },
    templates: Object.fromEntries(channels.map((c) => [c, templates[c]])) as Templates,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
  });

  // The server renders the preview and counts SMS characters as the gateway will: it is the authority.
  useEffect(() => {
    const timer = setTimeout(() => {
      post<{ messages: RenderedMessage[] }>('/api/campaigns/preview', {
        campaign: { ...definition(), name: name || 'черновик' },
      })
        .then((result) => {
          setPreview(result.messages);
          setPreviewError(undefined);
        })
        .catch(setPreviewError);
    }, 300);
    return () => clearTimeout(timer);
  }, [purpose, channels.join(), JSON.stringify(templates), startsAt, endsAt, audienceKind]);

  const toggleChannel = (channel: OutboundChannel, on: boolean) => {
    setChannels((list) => (on ? [...list, channel] : list.filter((c) => c !== channel)));
    if (on && !templates[channel])
      setTemplates((t) => ({ ...t, [channel]: defaultTemplate(purpose, channel) }));
  };
  const changePurpose = (next: Purpose) => {
    setPurpose(next);
    setTemplates(Object.fromEntries(channels.map((c) => [c, defaultTemplate(next, c)])) as Templates);
  };
  const create = useAction(async () => {
    const campaign = await post<Campaign>('/api/campaigns', definition());
    navigate(`/campaigns/${campaign.id}`);
  });

  return (
    <Page title="Новая кампания">
      <div class="grid two">
        <Panel title="Параметры">
          <label>
            Название
            <input value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            Цель
            <select value={purpose} onChange={(e) => changePurpose(e.currentTarget.value as Purpose)}>
              {Object.entries(PURPOSE_LABELS).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <fieldset class="channels">
            <legend>Каналы (в порядке попыток)</legend>
            {CHANNELS.map((channel) => (
              <label class="inline" key={channel}>
                <input
                  type="checkbox"
                  checked={channels.includes(channel)}
                  onChange={(e) => toggleChannel(channel, e.currentTarget.checked)}
                />
                {CHANNEL_LABELS[channel]}
                {channels.includes(channel) && <span class="muted">№{channels.indexOf(channel) + 1}</span>}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Аудитория</legend>
            <label class="inline">
              <input
                type="radio"
                checked={audienceKind === 'filter'}
                onChange={() => setAudienceKind('filter')}
              />
              По условиям
            </label>
            <label class="inline">
              <input type="radio" checked={audienceKind === 'csv'} onChange={() => setAudienceKind('csv')} />
              Из файла CSV (загрузите после создания)
            </label>
            {audienceKind === 'filter' && (
              <div class="row">
                <label>
                  Долг от, ₽
                  <input
                    type="number"
                    min="0"
                    value={minOverdueRubles}
                    onInput={(e) => setMinOverdueRubles(e.currentTarget.value)}
                  />
                </label>
                <label>
                  Просрочка от, дней
                  <input
                    type="number"
                    min="0"
                    value={overdueDays}
                    onInput={(e) => setOverdueDays(e.currentTarget.value)}
                  />
                </label>
              </div>
            )}
          </fieldset>
          <div class="row">
            <label>
              Начало
              <input
                type="datetime-local"
                value={startsAt}
                onInput={(e) => setStartsAt(e.currentTarget.value)}
              />
            </label>
            <label>
              Окончание
              <input type="datetime-local" value={endsAt} onInput={(e) => setEndsAt(e.currentTarget.value)} />
            </label>
          </div>
          <p class="muted">
            Звонки и SMS уходят только с 10:00 до 20:00 по местному времени клиента и никогда в праздничные
            дни.
          </p>
        </Panel>
        <Panel title="Шаблоны и предпросмотр">
          {channels.map((channel) => (
            <TemplateEditor
              key={channel}
              channel={channel}
              value={templates[channel]}
              onChange={(value) => setTemplates((t) => ({ ...t, [channel]: value }))}
              rendered={preview.find((m) => m.channel === channel)}
            />
          ))}
          <ErrorText error={previewError} />
          {problemsOf(previewError).length > 0 && (
            <ul class="error">
              {problemsOf(previewError).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <ErrorText error={create.error} />
      {problemsOf(create.error).length > 0 && (
        <ul class="error">
          {problemsOf(create.error).map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div class="row">
        <button
          type="button"
          class="primary"
          disabled={create.busy || !name.trim() || !channels.length}
          onClick={() => create.run()}
        >
          Создать черновик
        </button>
        <button type="button" onClick={() => navigate('/campaigns')}>
          Отмена
        </button>
      </div>
    </Page>
  );
}

function TemplateEditor(props: {
  channel: OutboundChannel;
  value: Templates[OutboundChannel];
  onChange: (value: Templates[OutboundChannel]) => void;
  rendered: RenderedMessage | undefined;
}) {
  const label = `Текст: ${CHANNEL_LABELS[props.channel]}`;
  const titled = typeof props.value === 'object' && props.value !== null;
  // E-mail has a subject, push and the online account a title; all have a text.
  const fields = (titled ? props.value : { text: '' }) as { subject?: string; title?: string; text: string };
  const headKey = props.channel === 'email' ? 'subject' : 'title';
  const sms = props.rendered?.sms;
  return (
    <div class="template">
      {titled ? (
        <>
          <label>
            {headKey === 'subject' ? 'Тема письма' : 'Заголовок'}
            <input
              value={fields[headKey] ?? ''}
              onInput={(e) => props.onChange({ ...fields, [headKey]: e.currentTarget.value } as never)}
            />
          </label>
          <label>
            {label}
            <textarea
              value={fields.text}
              onInput={(e) => props.onChange({ ...fields, text: e.currentTarget.value } as never)}
            />
          </label>
        </>
      ) : (
        <label>
          {label}
          <textarea
            value={(props.value as string) ?? ''}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
        </label>
      )}
      {props.rendered && (
        <div class="preview">
          <span class="muted">Пример для клиента:</span> {props.rendered.text}
        </div>
      )}
      {sms && (
        <p class={`sms-counter ${sms.characters > SMS_LIMIT ? 'error' : 'muted'}`} data-testid="sms-counter">
          {sms.characters} / {SMS_LIMIT} символов ·{' '}
          {sms.encoding === 'ucs2' ? 'кириллица (UCS-2)' : 'латиница (GSM-7)'} · частей: {sms.segments}
        </p>
      )}
    </div>
  );
}
