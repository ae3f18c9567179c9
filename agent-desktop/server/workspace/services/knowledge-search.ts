import { TOPICS, type TopicId } from '../../../../core/vocabulary/index.ts';

export interface KnowledgeItem {
  topic: TopicId;
  title: string;
  body: string;
}

/** Lower case, ё as е, words of letters and digits. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2);
}

/**
 * A crude Russian stem: the first five letters match every case ending of most nouns
 * («оплата», «оплаты», «оплатой»), which is what an operator typing a word needs.
 */
function stem(word: string): string {
  return word.length > 5 ? word.slice(0, 5) : word;
}

/**
 * Knowledge answers for the operator's search: every query word must occur (as a stem) in the
 * topic name or the text; the topic name counts thrice. An empty query lists everything.
 */
export function searchKnowledge(items: KnowledgeItem[], query: string, topic?: TopicId): KnowledgeItem[] {
  const pool = topic ? items.filter((item) => item.topic === topic) : items;
  const stems = [...new Set(words(query).map(stem))];
  if (!stems.length) return [...pool].sort((a, b) => a.title.localeCompare(b.title, 'ru'));
  const scored: Array<{ item: KnowledgeItem; score: number }> = [];
  for (const item of pool) {
    const titleStems = words(item.title).map(stem);
    const bodyStems = words(item.body).map(stem);
    let score = 0;
    let all = true;
    for (const s of stems) {
      const inTitle = titleStems.filter((w) => w.startsWith(s)).length;
      const inBody = bodyStems.filter((w) => w.startsWith(s)).length;
      if (!inTitle && !inBody) {
        all = false;
        break;
      }
      score += inTitle * 3 + inBody;
    }
    if (all) scored.push({ item, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((entry) => entry.item);
}

export function topicTitle(topic: TopicId): string {
  return TOPICS[topic].labelRu;
}
