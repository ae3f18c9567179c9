import type { TopicId } from '../../vocabulary/index.ts';
import { detectAbuse } from '../abuse/detect.ts';
import { type Entities, type EntityOptions, extractEntities } from '../entities/extract.ts';
import { loadTopicModel, type TopicModel, type TopicScore } from '../model/classifier.ts';
import { DEFAULT_TOPIC_POLICY, rankTopics, type TopicPolicy } from './topics.ts';

/** The result for one message; the JSON shape of `hotline nlu classify`. */
export interface Understanding {
  /** The first topic the client raised (`other` when nothing fits). */
  topic: TopicId;
  abusive: boolean;
  /** Raised topics in text order, then other plausible ones; scores are probabilities (0–1). */
  topics: TopicScore[];
  entities: Entities;
}

export interface UnderstandingDetails extends Understanding {
  /** How many leading `topics` the client raised. */
  raised: number;
  /** Kinds of abuse found (obscenity / insult / threat). */
  abuseKinds: string[];
}

export interface UnderstandOptions extends EntityOptions {
  model?: TopicModel;
  topicPolicy?: TopicPolicy;
}

function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** The understanding module: one loaded model, used for every message of the process. */
export class Understander {
  private readonly model: TopicModel;
  private readonly options: UnderstandOptions;

  constructor(options: UnderstandOptions = {}) {
    this.model = options.model ?? loadTopicModel();
    this.options = options;
  }

  understandInDetail(text: string): UnderstandingDetails {
    const ranking = rankTopics(this.model, text, this.options.topicPolicy ?? DEFAULT_TOPIC_POLICY);
    const abuse = detectAbuse(text);
    return {
      topic: ranking.topics[0]!.topic,
      abusive: abuse.abusive,
      topics: ranking.topics.map((t) => ({ topic: t.topic, score: roundScore(t.score) })),
      entities: extractEntities(text, this.options),
      raised: ranking.raised,
      abuseKinds: abuse.kinds,
    };
  }

  understand(text: string): Understanding {
    const { topic, abusive, topics, entities } = this.understandInDetail(text);
    return { topic, abusive, topics, entities };
  }
}
