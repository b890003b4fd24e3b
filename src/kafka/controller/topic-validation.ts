/**
 * Whether a topic may be created: a legal name, no clash with an existing topic, sane config
 * values. Replica placement is checked in create-topic.ts.
 */
import type { TopicConfig } from '../config.js';
import { ErrorCode } from '../errors.js';
import type { BrokerId } from '../ids.js';
import type { Draft } from './draft.js';

/** Kafka's Topic.validate limits (clients/.../common/internals/Topic.java). */
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

export interface TopicSpec {
  readonly name: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly config?: Partial<TopicConfig> | undefined;
  readonly replicaAssignment?: ReadonlyArray<readonly BrokerId[]> | undefined;
}

export interface Outcome {
  readonly error: ErrorCode;
  readonly message: string;
}

/** Why a topic name is illegal, in Kafka's terms, or undefined when it is fine. */
export function topicNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'A topic name must be a non-empty string.';
  if (name === '.' || name === '..') return 'A topic cannot be named "." or "..".';
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `Topic name "${name.slice(0, 20)}..." is ${name.length} characters long; Kafka allows at most ${MAX_TOPIC_NAME_LENGTH}.`;
  }
  if (!LEGAL_TOPIC_NAME.test(name)) {
    return `Topic name "${name}" is illegal: use only ASCII letters, digits, '.', '_' and '-'.`;
  }
  return undefined;
}

export function topicProblem(draft: Draft, spec: TopicSpec): Outcome | undefined {
  const nameProblem = topicNameProblem(spec.name);
  if (nameProblem !== undefined) return { error: ErrorCode.INVALID_TOPIC_EXCEPTION, message: nameProblem };
  if (draft.topics.has(spec.name)) {
    return { error: ErrorCode.TOPIC_ALREADY_EXISTS, message: `Topic "${spec.name}" already exists.` };
  }
  // Kafka refuses names equal up to '.' vs '_': both become the same metric name.
  const collision = [...draft.topics.keys()].find((name) => unifyCollisionChars(name) === unifyCollisionChars(spec.name));
  if (collision !== undefined) {
    return {
      error: ErrorCode.INVALID_TOPIC_EXCEPTION,
      message: `Topic "${spec.name}" collides with existing topic "${collision}" ('.' and '_' count as the same character).`,
    };
  }
  const configProblem = topicConfigProblem(spec.config);
  if (configProblem !== undefined) return { error: ErrorCode.INVALID_REQUEST, message: configProblem };
  return undefined;
}

function unifyCollisionChars(name: string): string {
  return name.replaceAll('.', '_');
}

/** Kafka answers INVALID_CONFIG (40) here; the model's error table has no such code. */
function topicConfigProblem(config: Partial<TopicConfig> | undefined): string | undefined {
  const minInsyncReplicas = config?.minInsyncReplicas;
  if (minInsyncReplicas !== undefined && (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1)) {
    return `min.insync.replicas was set to ${minInsyncReplicas}; it must be a whole number of at least 1.`;
  }
  const unclean = config?.uncleanLeaderElectionEnable;
  if (unclean !== undefined && typeof unclean !== 'boolean') {
    return `unclean.leader.election.enable must be true or false, not ${JSON.stringify(unclean)}.`;
  }
  return undefined;
}
