import type { Media } from '../schemas/queue.ts';

export interface QueueSummary {
  name: string;
  media: Media;
  topics: string[];
}

/** Calls are voice; every live written channel (Telegram, VK, web chat) is chat. */
export function mediaOfChannel(channel: string): Media {
  return channel === 'phone' ? 'voice' : 'chat';
}

/**
 * The default queue for a channel and topic: the first queue (by name) of the channel's media
 * that lists the topic, else the first of that media listing no topics (a catch-all), else none.
 */
export function selectQueue(
  queues: QueueSummary[],
  channel: string,
  topic: string | undefined,
): string | undefined {
  const media = mediaOfChannel(channel);
  const candidates = queues.filter((q) => q.media === media).sort((a, b) => a.name.localeCompare(b.name));
  return (
    (topic ? candidates.find((q) => q.topics.includes(topic)) : undefined)?.name ??
    candidates.find((q) => q.topics.length === 0)?.name
  );
}
