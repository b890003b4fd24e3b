/**
 * One step of the group consumer as a working set: the state so far, where messages and events go,
 * and the few things every part of the member does with them (send a request with its own
 * correlation id and deadline, run the wrapped consumer, say that a group request failed). The
 * other files under client/group/ each take a Turn and change it in place; group-consumer.ts makes
 * one per step and hands back its state and outbox.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/NetworkClient.java (a request is matched
 * to its response by correlation id and given up after request.timeout.ms).
 */
import type { ErrorCode } from '../../errors.js';
import type { NodeId } from '../../ids.js';
import type { Message } from '../../protocol/messages.js';
import type { NodeInput, Outbox, StepContext } from '../../step.js';
import { stepConsumer, type ConsumerCommand } from '../consumer.js';
import type { GroupConsumerConfig } from '../group-consumer-config.js';
import type { GroupConsumerState, InFlight, Membership } from '../group-consumer-state.js';

/** One step's working set: the state so far, and where messages and events go. */
export class Turn {
  constructor(
    public state: GroupConsumerState,
    readonly id: NodeId,
    readonly config: GroupConsumerConfig,
    readonly context: StepContext,
    readonly out: Outbox,
  ) {}

  get now(): number {
    return this.context.now;
  }

  get m(): Membership {
    return this.state.membership;
  }

  setMembership(changes: Partial<Membership>): void {
    this.state = { ...this.state, membership: { ...this.state.membership, ...changes } };
  }

  /** Runs the wrapped consumer on one input, keeping its messages and events. */
  inner(input: NodeInput<ConsumerCommand>): void {
    const step = stepConsumer(this.id, this.config.fetch, this.state.inner, input, this.context);
    for (const envelope of step.messages) this.out.send(envelope.to, envelope.message);
    this.out.events.push(...step.events);
    this.state = { ...this.state, inner: step.state };
  }

  nextCorrelationId(): number {
    const id = this.state.nextCorrelationId;
    this.state = { ...this.state, nextCorrelationId: id + 1 };
    return id;
  }

  request(node: NodeId, message: (correlationId: number) => Message): InFlight {
    const correlationId = this.nextCorrelationId();
    this.out.send(node, message(correlationId));
    return { correlationId, node, deadlineMs: this.now + this.config.fetch.requestTimeoutMs };
  }
}

/** Whether a response answers the request in flight (a late answer to a given-up request does not). */
export const answers = (inFlight: InFlight | undefined, correlationId: number): boolean => inFlight?.correlationId === correlationId;

export function groupError(turn: Turn, api: string, error: ErrorCode): void {
  turn.out.emit({ type: 'consumer.group-error', groupId: turn.config.groupId, memberId: turn.m.memberId, api, error });
}
