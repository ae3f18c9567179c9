import type { TopicId } from '../../vocabulary/index.ts';
import type { TopicScore } from '../model/classifier.ts';

/**
 * What the dialog does with a ranking, as Rasa's fallback policy does: answer the top topic when
 * it is confident and clear of the runner-up, offer choices when it is plausible but ambiguous,
 * hand over to an operator when nothing is plausible, after repeated failures, or on request.
 */
export type Decision =
  | { action: 'answer'; topic: TopicId; next: TopicId[] }
  | { action: 'clarify'; choices: TopicId[] }
  | { action: 'handoff'; reason: 'requested' | 'low_confidence' | 'retries_exhausted' | 'not_automated' };

export interface DecisionPolicy {
  /** The top topic must score at least this to be answered directly. */
  confidence: number;
  /** …and lead the runner-up by at least this, unless the runner-up was raised in the message too. */
  margin: number;
  /** Below this nothing is plausible: hand over. */
  floor: number;
  /** Choices offered when clarifying score at least this (at most three). */
  choiceAbove: number;
  /** Clarifications allowed before handing over. */
  maxClarifications: number;
}

export const DEFAULT_DECISION_POLICY: DecisionPolicy = {
  confidence: 0.6,
  margin: 0.2,
  floor: 0.25,
  choiceAbove: 0.1,
  maxClarifications: 1,
};

export interface RankedTopics {
  topics: readonly TopicScore[];
  /** How many leading topics the client raised (multi-topic messages). */
  raised: number;
}

export function decide(
  ranking: RankedTopics,
  clarificationsSoFar = 0,
  policy: DecisionPolicy = DEFAULT_DECISION_POLICY,
): Decision {
  const [top, second] = ranking.topics;
  if (!top) return { action: 'handoff', reason: 'low_confidence' };
  if (top.topic === 'operator' && top.score >= policy.floor)
    return { action: 'handoff', reason: 'requested' };
  const raisedTopics = ranking.topics.slice(0, Math.max(1, ranking.raised)).map((t) => t.topic);
  const clearLead =
    !second || top.score - second.score >= policy.margin - 1e-9 || raisedTopics.includes(second.topic);
  if (top.score >= policy.confidence && clearLead) {
    if (top.topic === 'other') return { action: 'handoff', reason: 'not_automated' };
    return { action: 'answer', topic: top.topic, next: raisedTopics.slice(1) };
  }
  if (top.score < policy.floor || clarificationsSoFar >= policy.maxClarifications) {
    return { action: 'handoff', reason: top.score < policy.floor ? 'low_confidence' : 'retries_exhausted' };
  }
  const choices = ranking.topics
    .filter((t) => t.score >= policy.choiceAbove && t.topic !== 'other')
    .slice(0, 3)
    .map((t) => t.topic);
  if (choices.length === 0) return { action: 'handoff', reason: 'low_confidence' };
  return { action: 'clarify', choices };
}
